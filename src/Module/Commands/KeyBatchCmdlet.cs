using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Batching;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Errors;
using MemcachePS.Sessions;

namespace MemcachePS.Commands
{
    /// <summary>
    /// A cmdlet that takes keys (as arguments or from the pipeline) and sends them in multi-key round trips of
    /// -BatchSize: the shared skeleton of Get-MemcachedItem, Remove-MemcachedItem, Update-MemcachedItem and
    /// Step-MemcachedCounter, Test-MemcachedItem and Copy-MemcachedItem. A failure of a whole round trip is reported
    /// once per key of it. A piped object that carries the server its key is on (Get-MemcachedKey's and
    /// Get-MemcachedItem's objects, any object with Key and Server properties) sends its key to that server, never to the
    /// one the connection's distribution would pick; a server that is not the connection's is a ServerNotInConnection
    /// error for that key, and nothing is sent for it.
    /// A key that can be refused before sending (<see cref="Refusal"/>) is refused as it arrives: the keys waiting before it
    /// are sent first, then its error is reported, so errors stay in input order and -ErrorAction Stop sends exactly the
    /// keys before it, never one after it.
    /// </summary>
    public abstract class KeyBatchCmdlet : ConnectedCmdlet
    {
        private PipelineBatch<KeyOnServer>? _batch;
        private readonly List<string> _pipedKeys = new List<string>();
        private bool _piped;
        private bool _keyOnCommandLine;
        private bool _serverOnCommandLine;
        private bool _commandLineQueued;
        private bool _askEach = true;

        /// <summary>The keys, on the command line. Piped keys come in through <see cref="InputObject"/>.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Key { get; set; } = null!;

        /// <summary>
        /// The server the keys are on (not typed by hand: a piped object's Server property says it per object). The keys
        /// go to that server, which must be one of the connection's (its exact name). Without it keys are placed by the
        /// connection's distribution.
        /// </summary>
        [Parameter(DontShow = true)]
        [Alias("Server")]
        [AllowNull]
        [AllowEmptyString]
        public string? ListedServer { get; set; }

        /// <summary>
        /// A piped key: a string, or an object with a Key property (and a Server property, when it knows its server), read
        /// by the command (<see cref="PipedKey.FromPipedKeyObject"/>). Not bound by property name: PowerShell's binder
        /// spent about 9 µs on each piped Get-MemcachedKey object doing so, and stringified objects without a usable Key
        /// into keys such as "@{Key=5}".
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? InputObject { get; set; }

        [Parameter]
        [ValidateRange(1, PipelineBatch<string>.MaxSize)]
        public int BatchSize { get; set; } = PipelineBatch<string>.DefaultSize;

        protected override void BeginProcessing()
        {
            _ = ActiveConnection;
            _batch = new PipelineBatch<KeyOnServer>(BatchSize);
            var given = MyInvocation.BoundParameters;
            _keyOnCommandLine = given.ContainsKey(nameof(Key));
            _serverOnCommandLine = given.ContainsKey(nameof(ListedServer));
            _piped = MyInvocation.ExpectingInput;
            // ShouldProcess per key only when it could say or ask something (-WhatIf, -Confirm, -Verbose, preferences):
            // otherwise its yes, and the message it formats for every key, are decided once.
            var cmdlet = (CmdletAttribute)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute));
            _askEach = cmdlet == null || !cmdlet.SupportsShouldProcess || !ShouldProcessIsSilent(cmdlet.ConfirmImpact);
            // What a mandatory -Key did: no keys at all is an error before anything is sent (piped input may still be none).
            if (!_keyOnCommandLine && !_piped)
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                    $"{MyInvocation.MyCommand.Name} needs keys: give -Key, or pipe keys in (strings, or objects with a Key property such as Get-MemcachedKey's).", true));
        }

        protected override void ProcessRecord()
        {
            if (!_piped || _keyOnCommandLine)
            {
                QueueCommandLine();
                if (!_piped) return;
                // As binding refused it: with -Key given, a piped object has nothing to bind to. The keys given are sent.
                Flush();
                Report(ErrorCatalog.PipedInputWithKeyGiven());
                return;
            }
            var problem = PipedKey.FromPipedKeyObject(InputObject, _pipedKeys, out var server);
            if (problem != null)
            {
                // As any refusal: the keys waiting before it are sent first, so -ErrorAction Stop sends exactly those.
                Flush();
                Report(ErrorCatalog.PipedKeyRefused(problem));
                return;
            }
            Queue(_pipedKeys, _serverOnCommandLine ? ListedServer : server);
        }

        /// <summary>The keys given with -Key, once, whether records came (the first one) or not (EndProcessing).</summary>
        private void QueueCommandLine()
        {
            if (_commandLineQueued || !_keyOnCommandLine) return;
            _commandLineQueued = true;
            Queue(Key, ListedServer);
        }

        /// <summary>Refuses the keys memcached would refuse and batches the others, for the named server or by distribution.</summary>
        private void Queue(IReadOnlyList<string> keys, string? serverName)
        {
            ServerAddress? server = null;
            if (!string.IsNullOrEmpty(serverName))
            {
                server = ServerSelection.FindExact(Store.Servers, serverName!);
                if (server == null)
                {
                    // As any refusal: the keys waiting before it are sent first, so -ErrorAction Stop sends exactly those.
                    Flush();
                    foreach (var key in keys) Report(ErrorCatalog.KeyServerNotConnected(key, serverName!, ActiveConnection.Name));
                    return;
                }
            }
            foreach (var key in keys)
            {
                var refusal = Refusal(key);
                if (refusal != null)
                {
                    Flush();
                    Report(refusal);
                    continue;
                }
                if ((!_askEach || ShouldSend(key)) && _batch!.Add(new KeyOnServer(key, server))) Flush();
            }
        }

        /// <summary>
        /// Why a key cannot be sent, found before anything is sent (null when it can): by default a key memcached would
        /// refuse under the connection's prefix (length, whitespace, control characters). Cmdlets add their own refusals.
        /// </summary>
        private protected virtual Errors.ErrorDescription? Refusal(string key) => KeyRefusal(key, ActiveConnection.KeyPrefix);

        /// <summary>The InvalidKey error for a key memcached would refuse under <paramref name="prefix"/>, or null.</summary>
        internal static Errors.ErrorDescription? KeyRefusal(string key, string prefix)
        {
            try
            {
                Core.KeyValidator.Validate(prefix, key, base64: false);
                return null;
            }
            catch (Core.MemcachedClientException e)
            {
                return Errors.ErrorCatalog.ForException(e, key, prefix);
            }
        }

        protected override void EndProcessing()
        {
            // -Key with an empty pipeline (@() | Get-MemcachedItem -Key a): no record came to send the given keys.
            QueueCommandLine();
            Flush();
        }

        /// <summary>Whether a key goes into the batch; cmdlets that change data ask ShouldProcess here (not called when it
        /// would answer yes for every key in silence: <see cref="MemcachedCmdlet.ShouldProcessIsSilent"/>).</summary>
        protected virtual bool ShouldSend(string key) => true;

        /// <summary>
        /// One round trip for the keys of a full batch (or the last one), each with the server it names or null: call
        /// Core's overload taking <see cref="KeyOnServer"/>, write or report each outcome.
        /// </summary>
        private protected abstract void Send(IReadOnlyList<KeyOnServer> keys);

        private void Flush()
        {
            var keys = _batch!.Take();
            if (keys.Count == 0) return;
            try
            {
                Send(keys);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, KeysOf(keys));
            }
        }

        /// <summary>The keys alone, for reporting.</summary>
        private protected static IEnumerable<string> KeysOf(IReadOnlyList<KeyOnServer> keys)
        {
            foreach (var k in keys) yield return k.Key;
        }
    }
}
