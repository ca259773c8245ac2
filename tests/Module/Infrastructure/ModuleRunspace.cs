using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace MemcachePS.Tests.Module.Infrastructure
{
    /// <summary>
    /// A PowerShell runspace in this process with the module imported from the test's output folder (the assembly the
    /// tests reference, so objects the cmdlets write are the test's own types), as a session would import it.
    /// </summary>
    internal sealed class ModuleRunspace : IDisposable
    {
        /// <summary>The module as built next to the tests: MemcachePS.dll, its manifest's RootModule.</summary>
        public static readonly string ModulePath = Path.Combine(AppContext.BaseDirectory, "MemcachePS.dll");

        public ModuleRunspace(bool importModule = true)
        {
            var state = InitialSessionState.CreateDefault2();
            if (importModule) state.ImportPSModule(new[] { ModulePath });
            Runspace = RunspaceFactory.CreateRunspace(state);
            Runspace.Open();
        }

        public Runspace Runspace { get; }

        /// <summary>A runspace whose default connection is <paramref name="server"/> (under <paramref name="keyPrefix"/> when given).</summary>
        public static ModuleRunspace ConnectedTo(MemcachedProcess server, string? keyPrefix = null)
        {
            var shell = new ModuleRunspace();
            var parameters = new Hashtable { ["Server"] = server.Address };
            if (keyPrefix != null) parameters["KeyPrefix"] = keyPrefix;
            shell.Invoke("Connect-Memcached", parameters);
            return shell;
        }

        /// <summary>One raw stat of the default connection's only server, as the server counts it (cmd_set, delete_hits, ...).</summary>
        public long ServerStat(string name) =>
            Convert.ToInt64(Invoke("Get-MemcachedStats").Objects.Cast<MemcachePS.Core.Stats.GeneralStats>().Single().Raw[name]);

        /// <summary>Runs a script (its parameters by name) and returns what it wrote; errors are in <see cref="Result.Errors"/>.</summary>
        public Result Run(string script, IDictionary? parameters = null)
        {
            using var shell = PowerShell.Create();
            shell.Runspace = Runspace;
            shell.AddScript(script);
            if (parameters != null) shell.AddParameters(parameters);
            var output = shell.Invoke();
            return new Result(output, shell.Streams.Error.ToList(), shell.Streams.Warning.Select(w => w.Message).ToList());
        }

        /// <summary>Runs one command; a terminating error is thrown as PowerShell throws it.</summary>
        public Result Invoke(string command, IDictionary? parameters = null)
        {
            using var shell = PowerShell.Create();
            shell.Runspace = Runspace;
            shell.AddCommand(command);
            if (parameters != null) shell.AddParameters(parameters);
            var output = shell.Invoke();
            return new Result(output, shell.Streams.Error.ToList(), shell.Streams.Warning.Select(w => w.Message).ToList());
        }

        /// <summary>The error record of the terminating error that <paramref name="command"/> ends with.</summary>
        public ErrorRecord Terminating(string command, IDictionary? parameters = null)
        {
            var thrown = Assert.ThrowsAny<RuntimeException>(() => Invoke(command, parameters));
            return thrown.ErrorRecord;
        }

        public void Dispose() => Runspace.Dispose();

        internal sealed class Result
        {
            public Result(Collection<PSObject> output, List<ErrorRecord> errors, List<string> warnings)
            {
                Output = output;
                Errors = errors;
                Warnings = warnings;
            }

            public Collection<PSObject> Output { get; }
            public List<ErrorRecord> Errors { get; }
            public List<string> Warnings { get; }

            public IEnumerable<object> Objects => Output.Select(o => o.BaseObject);

            /// <summary>The one object written, unwrapped.</summary>
            public T Single<T>() => Assert.IsType<T>(Assert.Single(Output).BaseObject);
        }
    }
}
