[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("MemcachePS.Tests.Module")]
