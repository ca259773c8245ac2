// The shared launcher of real servers (tests/TestServers) is used throughout the tests.
global using MemcachePS.TestServers;
