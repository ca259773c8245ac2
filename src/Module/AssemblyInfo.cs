[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("MemcachePS.Tests.Unit")]
