// The shared launcher of real servers (tests/TestServers).
global using MemcachePS.TestServers;
