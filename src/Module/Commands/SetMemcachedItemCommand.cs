using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Batching;
using MemcachePS.Errors;
using MemcachePS.Core.Serialization;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Stores items. Key and Value bind by property name, so CSV rows and hashtable entries pipe straight in; writes
    /// are collected into batches of multi-key round trips, every reply is checked, and a refused write is a
    /// non-terminating error (ItemExists, ItemNotFound, CasMismatch, …) while the rest go on.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "MemcachedItem", SupportsShouldProcess = true)]
    [OutputType(typeof(MemcachedItem))]
    /// <remarks>
    /// Nothing binds by property name: the piped object binds whole (InputObject) and its Key, Value, TimeToLive (Ttl)
    /// and ExpiresAt properties are read here, with the meaning by-property-name binding gave them
    /// (<see cref="ReadColumns"/>). PowerShell's binder paid for by-property-name parameters on every record, even in a
    /// parameter set without them: 1.1 KB and about 1 µs a record, half of what warming from a CSV cost beyond
    /// Import-Csv's own work.
    /// </remarks>
    public sealed class SetMemcachedItemCommand : ConnectedCmdlet
    {
        private PipelineBatch<PendingWrite>? _batch;
        private long _written;
        private readonly PropertyView _view = new PropertyView();
        private bool _askEach = true;

        /// <summary>
        /// The key: a string (or read from piped objects with a Key property, such as CSV rows with a Key column,
        /// hashtable entries and Get-MemcachedItem's items), or a scriptblock run for each piped object with $_ set to it,
        /// which must return one non-empty string. Given on the command line (a string or a scriptblock), the piped object
        /// itself is the value unless it has a Value property or -Value is given.
        /// </summary>
        /// <remarks>
        /// Typed object (not string) so that a scriptblock reaches the cmdlet instead of PowerShell's delay-bind, which
        /// would turn $null into '' and two values into one key joined by a space.
        /// </remarks>
        [Parameter(Position = 0)]
        [ValidateNotNull]
        public object Key { get; set; } = null!;

        /// <summary>The value; read from a piped object's Value property. Without it, a piped object whose key is given
        /// (-Key on the command line, or -KeyProperty) is itself the value.</summary>
        [Parameter(Position = 1)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public object? Value { get; set; }

        /// <summary>The key is this property of each piped object (a string or a number), formatted by -KeyFormat; the
        /// object itself is the value (unless it has a Value property or -Value is given).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KeyProperty { get; set; }

        /// <summary>With -KeyProperty: a .NET format string the property's value fills as {0}, such as 'product:{0}'.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? KeyFormat { get; set; }

        /// <remarks>
        /// -TimeToLive and -ExpiresAt share one parameter set and are told apart here: two sets made PowerShell's binder
        /// resolve the set again for every piped record, which cost more than the rest of the write (0.276 s against
        /// 0.127 s for 50,000 rows in memory), and a row with both columns was silently given one of them.
        /// </remarks>
        [Parameter]
        [Alias("Ttl")]
        [TimeSpanTransformation]
        public TimeSpan? TimeToLive { get; set; }

        [Parameter]
        public DateTime? ExpiresAt { get; set; }

        [Parameter]
        public StoreMode Mode { get; set; } = StoreMode.Set;

        /// <summary>
        /// Store only if the item still has this CAS token (from Get-MemcachedItem). 0 is refused: it is no token (a server
        /// started with memcached -C keeps none and reads every item back with Cas 0).
        /// </summary>
        [Parameter]
        public ulong Cas { get; set; }

        [Parameter]
        public MemcachedSerializer? Serializer { get; set; }

        /// <summary>With CliXml: how many levels of properties of objects are kept (Export-Clixml's -Depth).</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int Depth { get; set; } = ValueCodec.DefaultCliXmlDepth;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// Writes the Value, which must be a byte[], as it is under these client flags (for values encoded elsewhere, or
        /// another client's convention). Without it, an item piped from Get-MemcachedItem keeps the flags it was read with.
        /// </summary>
        [Parameter]
        public uint? Flags { get; set; }

        /// <summary>
        /// An item piped from Get-MemcachedItem: unless its Value was changed (or -Serializer, -Flags given) it is written
        /// with the bytes and flags it was read with, and unless -TimeToLive or -ExpiresAt is given, with the lifetime it
        /// has left. Its Key and Value are read from it as from any object.
        /// </summary>
        /// <remarks>
        /// Any piped object binds here (object, not MemcachedItem): with -Key given on the command line or -KeyProperty,
        /// it is the value when it has no Value property.
        /// </remarks>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? InputObject { get; set; }

        /// <summary>-Key on the command line (a string or a scriptblock), or -KeyProperty: the key is given for each object.</summary>
        private bool _keyGiven;
        private ScriptBlock? _keyScript;

        /// <summary>-TimeToLive or -ExpiresAt on the command line (not bound from a piped object's property).</summary>
        private bool _lifetimeGiven;
        private bool _ttlGiven;
        private bool _expiresGiven;
        private bool _encodingGiven;
        private bool _valueOnCommandLine;
        private bool _keyOnCommandLine;
        private bool _casGiven;

        [Parameter]
        [ValidateRange(1, PipelineBatch<string>.MaxSize)]
        public int BatchSize { get; set; } = PipelineBatch<string>.DefaultSize;

        protected override void BeginProcessing()
        {
            _ = ActiveConnection;
            _batch = new PipelineBatch<PendingWrite>(BatchSize);
            // Before any pipeline input binds: what the command line gave.
            var given = MyInvocation.BoundParameters;
            _ttlGiven = given.ContainsKey(nameof(TimeToLive));
            _expiresGiven = given.ContainsKey(nameof(ExpiresAt));
            _lifetimeGiven = _ttlGiven || _expiresGiven;
            if (_ttlGiven && _expiresGiven)
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                    "-TimeToLive and -ExpiresAt both give the lifetime; give one.", true));
            _encodingGiven = given.ContainsKey(nameof(Serializer)) || given.ContainsKey(nameof(Flags));
            _valueOnCommandLine = given.ContainsKey(nameof(Value));
            _keyOnCommandLine = given.ContainsKey(nameof(Key));
            _columns = _byName = new Columns(null, new List<PSPropertyInfo>(), KeyProperty);
            _casGiven = given.ContainsKey(nameof(Cas));
            _keyScript = given.ContainsKey(nameof(Key)) ? ValueCodec.Unwrap(Key) as ScriptBlock : null;
            _keyGiven = given.ContainsKey(nameof(Key)) || KeyProperty != null;
            if (given.ContainsKey(nameof(Key)) && KeyProperty != null)
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                    "-Key and -KeyProperty both name the key; give one (-Key { \"product:$($_.id)\" } or -KeyProperty id -KeyFormat 'product:{0}').", true));
            if (KeyFormat != null)
            {
                if (KeyProperty == null)
                    Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument, "-KeyFormat formats -KeyProperty's value; give -KeyProperty too.", true));
                if (!PipedKey.IsValidFormat(KeyFormat!, out var problem))
                    Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument, problem!, true, KeyFormat));
            }
            if (Flags.HasValue && IsJoin)
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                    $"-Flags writes a byte[] under the given flags with -Mode Set, Add or Replace; {Mode} joins bytes to an item that keeps its own flags.", true));
            _askEach = !ShouldProcessIsSilent(ConfirmImpact.Medium);
        }

        protected override void ProcessRecord()
        {
            object? value = null;
            ErrorDescription? refusal = null;
            // The batch in flight is reported as soon as its replies are in, not only when the next batch is full: an
            // upstream error that ends the pipeline then loses as few outcomes as possible (none once they are in).
            if (_sending != null && _sender!.IsCompleted) Settle();
            _view.Forget();
            ForgetColumns();
            if (InputObject != null)
            {
                _row = InputObject as PSObject ?? PSObject.AsPSObject(InputObject);
                // A property bag (CSV row, [pscustomobject]) is read whole, fast once its shape is known; any other
                // object is asked for the few properties that count by name, as the binder asked.
                _rowProperties = _row.BaseObject is PSCustomObject ? _view.Read(_row) : null;
                refusal = ReadColumns(_rowProperties, _row);
            }
            string key = string.Empty;
            if (refusal == null) refusal = KeyOf(out key);
            if (refusal == null) refusal = ValueOf(key, out value) ?? KeyBatchCmdlet.KeyRefusal(key, ActiveConnection.KeyPrefix);
            if (refusal != null)
            {
                Refuse(refusal);
                return;
            }
            if (_askEach && !ShouldProcess(key, $"{Mode} item")) return;
            var pending = Prepare(key, value, ValueCodec.Unwrap(InputObject) as MemcachedItem);
            if (pending.Error != null)
            {
                Refuse(pending.Error);
                return;
            }
            if (_batch!.Add(pending, pending.Encoded.Data.Count)) Flush(showProgress: true, overlap: true);
        }

        /// <summary>
        /// Input refused before sending: the writes waiting before it are sent (and reported) first, then its error, so
        /// errors keep input order and -ErrorAction Stop writes exactly the items before it, none after.
        /// </summary>
        private void Refuse(ErrorDescription refusal)
        {
            Flush(showProgress: true);
            Report(refusal);
        }

        /// <summary>
        /// What by-property-name binding gave before: a Key property is the key (unless -Key or -KeyProperty is given), a
        /// Value property the value, a TimeToLive (or Ttl) or ExpiresAt property the lifetime, converted as the binder
        /// converted them (culture-invariant; a lifetime through the same parser as -TimeToLive; $null or an empty CSV
        /// cell is no lifetime). A property that cannot be read or converted refuses this object, as a failed binding
        /// skipped it. What the command line gave is kept.
        /// </summary>
        private ErrorDescription? ReadColumns(List<PSPropertyInfo>? properties, PSObject row)
        {
            if (properties == null || _view.LastShape == null) _columns = _byName!;
            else if (!ReferenceEquals(_view.LastShape, _columns!.Shape)) _columns = new Columns(_view.LastShape, properties, KeyProperty);
            if (!_keyGiven)
            {
                var column = _columns.Key(properties, row);
                if (column != null)
                {
                    if (!TryRead(column, out var key, out var problem)) return problem;
                    Key = key!;
                    _keyColumn = true;
                }
            }
            if (!_valueOnCommandLine)
            {
                var column = _columns.Value(properties, row);
                if (column != null)
                {
                    if (!TryRead(column, out var value, out var problem)) return problem;
                    Value = value;
                    _valueColumn = true;
                }
            }
            if (!_ttlGiven)
            {
                var refusal = Lifetime(_columns.TimeToLive(properties, row), LifetimeParser.Parse, out var timeToLive);
                TimeToLive = timeToLive;
                if (refusal != null) return refusal;
            }
            if (!_expiresGiven)
            {
                var refusal = Lifetime(_columns.ExpiresAt(properties, row),
                    raw => (DateTime)LanguagePrimitives.ConvertTo(raw, typeof(DateTime), CultureInfo.InvariantCulture), out var expiresAt);
                ExpiresAt = expiresAt;
                if (refusal != null) return refusal;
            }
            return null;
        }

        /// <summary>
        /// Every record starts with only what the command line gave, as the binder restored by-property-name parameters
        /// between records: a record without a piped object (or without a Value property) never inherits the last one's.
        /// </summary>
        private void ForgetColumns()
        {
            _row = null;
            _rowProperties = null;
            _keyColumn = false;
            _valueColumn = false;
            if (!_keyGiven) Key = null!;
            if (!_valueOnCommandLine) Value = null;
            if (!_ttlGiven) TimeToLive = null;
            if (!_expiresGiven) ExpiresAt = null;
        }

        /// <summary>
        /// A lifetime column converted by <paramref name="convert"/>; none for no column, $null or an empty CSV cell (as when
        /// the column was bound), and the object's refusal for a value that does not convert.
        /// </summary>
        private static ErrorDescription? Lifetime<T>(PSPropertyInfo? column, Func<object, T> convert, out T? lifetime) where T : struct
        {
            lifetime = null;
            if (column == null) return null;
            if (!TryRead(column, out var raw, out var problem)) return problem;
            raw = raw is PSObject p ? p.BaseObject : raw;
            if (raw == null || (raw is string s && s.Length == 0)) return null;
            try
            {
                lifetime = convert(raw);
                return null;
            }
            catch (Exception e) when (e is MemcachedClientException || e is PSInvalidCastException)
            {
                return ColumnRefusal(column, e.Message);
            }
        }

        /// <summary>
        /// Where the columns sit in objects of one shape (<see cref="PropertyView.LastShape"/>): found by name once per
        /// shape instead of five searches by name per row. Without a shape (an object read the public way, or one that is
        /// not a property bag) they are looked up by name: in the list read, or PSObject.Properties[name].
        /// </summary>
        private sealed class Columns
        {
            private readonly int _key, _value, _timeToLive, _expiresAt, _keyProperty;
            private readonly string _keyPropertyName;

            public Columns(object? shape, List<PSPropertyInfo> properties, string? keyProperty)
            {
                Shape = shape;
                _keyPropertyName = keyProperty ?? string.Empty;
                _key = PropertyView.IndexOf(properties, nameof(SetMemcachedItemCommand.Key));
                _value = PropertyView.IndexOf(properties, nameof(SetMemcachedItemCommand.Value));
                _timeToLive = PropertyView.IndexOf(properties, nameof(SetMemcachedItemCommand.TimeToLive));
                if (_timeToLive < 0) _timeToLive = PropertyView.IndexOf(properties, "Ttl");
                _expiresAt = PropertyView.IndexOf(properties, nameof(SetMemcachedItemCommand.ExpiresAt));
                _keyProperty = keyProperty == null ? -1 : PropertyView.IndexOf(properties, keyProperty);
            }

            public object? Shape { get; }

            public PSPropertyInfo? Key(List<PSPropertyInfo>? properties, PSObject row) => At(properties, row, _key, nameof(Key));
            public PSPropertyInfo? Value(List<PSPropertyInfo>? properties, PSObject row) => At(properties, row, _value, nameof(Value));
            public PSPropertyInfo? TimeToLive(List<PSPropertyInfo>? properties, PSObject row) =>
                At(properties, row, _timeToLive, nameof(TimeToLive)) ?? (Shape == null ? At(properties, row, -1, "Ttl") : null);
            public PSPropertyInfo? ExpiresAt(List<PSPropertyInfo>? properties, PSObject row) => At(properties, row, _expiresAt, nameof(ExpiresAt));
            public PSPropertyInfo? KeyProperty(List<PSPropertyInfo>? properties, PSObject row) => At(properties, row, _keyProperty, _keyPropertyName);

            private PSPropertyInfo? At(List<PSPropertyInfo>? properties, PSObject row, int index, string name) =>
                Shape != null && properties != null ? (index < 0 ? null : properties[index])
                : properties != null ? PropertyView.Find(properties, name)
                : row.Properties[name];
        }

        /// <summary>The columns of the current shape; <see cref="_byName"/> (no shape: looked up by name, made in
        /// BeginProcessing with -KeyProperty's name) until a shape is known.</summary>
        private Columns? _columns;
        private Columns? _byName;
        /// <summary>This record's piped object as a PSObject (null without one), and its properties when it is a property bag.</summary>
        private PSObject? _row;
        private List<PSPropertyInfo>? _rowProperties;

        /// <summary>Whether this record's key and value came from its Key and Value properties (read by <see cref="ReadColumns"/>).</summary>
        private bool _keyColumn;
        private bool _valueColumn;

        private static bool TryRead(PSPropertyInfo column, out object? value, out ErrorDescription? problem)
        {
            problem = null;
            try
            {
                value = column.Value;
                return true;
            }
            catch (GetValueException e)
            {
                value = null;
                problem = ColumnRefusal(column, e.Message);
                return false;
            }
        }

        private static ErrorDescription ColumnRefusal(PSPropertyInfo column, string problem) =>
            new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                $"The piped object's {column.Name} property cannot be used: {problem}");

        /// <summary>This record's key: -Key's string, -Key's scriptblock run with $_ = the piped object, or -KeyProperty.</summary>
        private ErrorDescription? KeyOf(out string key)
        {
            key = string.Empty;
            string? problem;
            if (_keyScript != null) problem = PipedKey.FromScript(_keyScript, InputObject, out key);
            else if (KeyProperty != null) problem = PipedKey.FromProperty(InputObject, KeyProperty, KeyFormat, out key, _row == null ? null : _columns!.KeyProperty(_rowProperties, _row), lookedUp: _row != null);
            else if (!_keyOnCommandLine && !_keyColumn)
                problem = InputObject == null
                    ? "Give -Key (and -Value, or pipe the value in)."
                    : "The piped object has no Key property: give -Key (a string, or a scriptblock such as { \"product:$($_.id)\" }) or -KeyProperty.";
            else problem = PipedKey.FromBound(Key, out key);
            return problem == null ? null : new ErrorDescription(ErrorCatalog.KeyNotComputed, ErrorCategory.InvalidArgument, problem);
        }

        /// <summary>
        /// This record's value: -Value or a Value property when bound; otherwise the piped object itself when its key was
        /// given for it (-Key on the command line, -KeyProperty). An object that brought its own Key but no Value is
        /// refused: storing it whole (a listed key's KeyInfo, say) over the item would be a silent change.
        /// </summary>
        private ErrorDescription? ValueOf(string key, out object? value)
        {
            value = Value;
            if (_valueColumn || _valueOnCommandLine) return null;
            if (_keyGiven && InputObject != null)
            {
                value = InputObject;
                return null;
            }
            return new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                InputObject == null
                    ? $"No value for '{key}': give -Value, or pipe the value in with -Key."
                    : $"The piped object for '{key}' has a Key property but no Value property, so nothing says what to store: " +
                      "give -Value, or give the key with -Key or -KeyProperty to store the whole object.", false, key);
        }

        protected override void EndProcessing()
        {
            Flush(showProgress: false);
            if (_written > _batch!.Size) WriteProgress(new ProgressRecord(ProgressId, "Storing items", "Done") { RecordType = ProgressRecordType.Completed });
        }

        private const int ProgressId = 0x6D63;

        /// <summary>Encodes now: a value that cannot be stored is refused here, before anything of it is sent.</summary>
        private PendingWrite Prepare(string key, object? value, MemcachedItem? input)
        {
            Expiration expiration;
            EncodedValue encoded;
            if (Cas == 0 && _casGiven) return PendingWrite.Failed(key, ErrorCatalog.NoCasToken(key));
            var read = input?.Source != null && !IsJoin ? input : null;
            try
            {
                if (read != null && !_lifetimeGiven)
                {
                    var refusal = LifetimeOf(read, DateTime.UtcNow, out expiration);
                    if (refusal != null) return PendingWrite.Failed(key, refusal);
                }
                else
                {
                    // The command line's lifetime wins over a piped property (as when they were two parameter sets); two
                    // piped lifetimes for one item are refused rather than one of them guessed.
                    bool useExpires = _expiresGiven || (!_ttlGiven && ExpiresAt.HasValue);
                    if (!_lifetimeGiven && ExpiresAt.HasValue && TimeToLive.HasValue)
                        return PendingWrite.Failed(key, new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                            $"The piped object for '{key}' has both a TimeToLive and an ExpiresAt; give it one, or give -TimeToLive or -ExpiresAt.", false, key));
                    expiration = useExpires ? Expiration.At(new DateTimeOffset(ExpiresAt!.Value)) : Expiration.In(TimeToLive ?? TimeSpan.Zero);
                }
            }
            catch (MemcachedClientException e)
            {
                return PendingWrite.Failed(key, ErrorCatalog.ForException(e, key, ActiveConnection.KeyPrefix));
            }
            if (read != null && !_encodingGiven && Unchanged(read, value))
            {
                // Faithful: the bytes and flags as read (a pickle stays a pickle, 12345 stays 12345, zlib stays compressed).
                encoded = new EncodedValue(read.Source!.Value, read.Source.Flags);
                return new PendingWrite(key, PassThru ? ValueCodec.Unwrap(value) : null, encoded, StoreRequest.Raw(key, encoded.Data, encoded.Flags, Mode, expiration, Cas));
            }
            if (Flags.HasValue)
            {
                if (!(ValueCodec.Unwrap(value) is byte[] bytes))
                    return PendingWrite.Failed(key, ErrorCatalog.NotStorable(key, new ArgumentException(
                        $"-Flags writes a byte[] as it is; the value of '{key}' is {(value == null ? "null" : "a " + ValueCodec.Unwrap(value)!.GetType().FullName)}. " +
                        "Encode it to bytes first, or leave -Flags out to have it encoded.")));
                encoded = new EncodedValue(bytes, Flags.Value);
                return new PendingWrite(key, PassThru ? bytes : null, encoded, StoreRequest.Raw(key, encoded.Data, encoded.Flags, Mode, expiration, Cas));
            }
            if (IsJoin)
            {
                try
                {
                    if (Serializer == MemcachedSerializer.CliXml) throw new NotSupportedException($"{Mode} joins a string or a byte[] as it is; -Serializer CliXml cannot be joined.");
                    encoded = JoinPiece.Encode(value, Mode);
                }
                catch (NotSupportedException e)
                {
                    return PendingWrite.Failed(key, ErrorCatalog.JoinRefusal(key, e.Message, exception: e));
                }
                return new PendingWrite(key, PassThru ? ValueCodec.Unwrap(value) : null, encoded, StoreRequest.Raw(key, encoded.Data, encoded.Flags, Mode, expiration, Cas));
            }
            try
            {
                var serializer = Serializer ?? ActiveConnection.Serializer;
                encoded = ValueCodec.Encode(value, serializer, SerializerTranscoders.ForWriting(serializer, ActiveConnection), Depth, _view);
            }
            catch (Exception e) when (e is MemcachedException || e is ArgumentException || e is InvalidOperationException || e is NotSupportedException)
            {
                return PendingWrite.Failed(key, ErrorCatalog.NotStorable(key, e));
            }
            var request = StoreRequest.Raw(key, encoded.Data, encoded.Flags, Mode, expiration, Cas);
            return new PendingWrite(key, PassThru ? ValueCodec.Unwrap(value) : null, encoded, request);
        }

        private bool IsJoin => Mode == StoreMode.Append || Mode == StoreMode.Prepend;

        /// <summary>
        /// The lifetime a read item has left at <paramref name="now"/>: never, or the time to its expiry. An item whose
        /// lifetime ran out, or whose lifetime the read could not learn (classic protocol), is refused: writing it with no
        /// lifetime would make it never expire.
        /// </summary>
        internal static ErrorDescription? LifetimeOf(MemcachedItem item, DateTime now, out Expiration expiration)
        {
            expiration = Expiration.Never;
            if (!item.LifetimeKnown) return ErrorCatalog.UnknownLifetime(item.Key, item.Server);
            if (!item.Expires.HasValue) return null;
            var left = item.Expires.Value - now.ToUniversalTime();
            if (left <= TimeSpan.Zero) return ErrorCatalog.Expired(item.Key, item.Expires.Value, item.Server);
            expiration = Expiration.In(left);
            return null;
        }

        /// <summary>Whether the piped item's Value is still what was read: compared with a fresh decoding of its bytes.</summary>
        private static bool Unchanged(MemcachedItem item, object? value)
        {
            var source = item.Source!;
            if (item.SourceTranscoder == null) return ValueCodec.Unwrap(value) is byte[] bytes && ReadValueComparer.Same(bytes, source.Value);
            object? fresh;
            try
            {
                fresh = ValueCodec.Decode(source, item.SourceTranscoder);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                return false;
            }
            return ReadValueComparer.Same(value, fresh);
        }

        /// <summary>
        /// Append/Prepend: reads each item's flags and CAS token first (one round trip per batch), refuses the joins that
        /// would leave bytes its flags cannot describe, and joins the others under that token, so an item rewritten in
        /// between is reported, not corrupted.
        /// </summary>
        private List<PendingWrite> CheckJoins(List<PendingWrite> batch)
        {
            var asked = batch.FindAll(p => p.Request != null);
            if (asked.Count == 0) return batch;
            IReadOnlyList<KeyOutcome<CacheItem?>> items;
            try
            {
                items = Store.GetMany(asked.ConvertAll(p => p.Key), withCas: true, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, asked.ConvertAll(p => p.Key));
                return new List<PendingWrite>();
            }
            var checkedBatch = new List<PendingWrite>(batch.Count);
            int next = 0;
            foreach (var pending in batch)
            {
                if (pending.Request == null) { checkedBatch.Add(pending); continue; }
                var read = items[next++];
                if (read.HasError) { checkedBatch.Add(PendingWrite.Failed(pending.Key, ErrorCatalog.ForException(read.Error!, pending.Key, ActiveConnection.KeyPrefix))); continue; }
                var item = read.Result;
                if (item == null)
                {
                    checkedBatch.Add(PendingWrite.Failed(pending.Key, ErrorCatalog.ForStore(StoreStatus.NotStored, Mode, pending.Key, 0, read.Server?.Name)!));
                    continue;
                }
                string? refusal = JoinPiece.Refusal(pending.Key, item.Flags, pending.Encoded.Flags, Mode);
                if (refusal != null) { checkedBatch.Add(PendingWrite.Failed(pending.Key, ErrorCatalog.JoinRefusal(pending.Key, refusal, read.Server?.Name))); continue; }
                var request = pending.Request;
                var joinRequest = Cas != 0
                    ? StoreRequest.Raw(pending.Key, pending.Encoded.Data, pending.Encoded.Flags, Mode, request.Expiration, Cas)
                    : StoreRequest.GuardedJoin(pending.Key, pending.Encoded.Data, pending.Encoded.Flags, Mode, item.Cas);
                // -PassThru shows the item as the join leaves it (under the CAS token nothing else can change it in between).
                CacheItem? joined = PassThru ? Joined(item, pending.Encoded.Data) : null;
                var shown = joined != null ? new EncodedValue(joined.Value, joined.Flags) : pending.Encoded;
                object? shownValue = joined != null ? ValueCodec.Decode(joined, Store.Transcoder) : null;
                checkedBatch.Add(new PendingWrite(pending.Key, shownValue, shown, joinRequest) { ImplicitCas = Cas == 0, JoinedLength = item.Value.Length + pending.Encoded.Data.Count });
            }
            return checkedBatch;
        }

        /// <summary>The item as the join leaves it: the piece after (Append) or before (Prepend) its bytes, under its flags.</summary>
        private CacheItem Joined(CacheItem item, ArraySegment<byte> piece)
        {
            var joined = new byte[item.Value.Length + piece.Count];
            int at = Mode == StoreMode.Append ? item.Value.Length : 0;
            Buffer.BlockCopy(piece.Array!, piece.Offset, joined, at, piece.Count);
            Buffer.BlockCopy(item.Value, 0, joined, Mode == StoreMode.Append ? 0 : piece.Count, item.Value.Length);
            return new CacheItem(item.Key, joined, item.Flags, 0, item.Server);
        }

        /// <summary>
        /// Sends the waiting writes, after reporting the batch still in flight. With <paramref name="overlap"/> (a full
        /// batch in the middle of the input) the batch is sent on a thread of its own (SenderThread) while the pipeline goes on
        /// reading and encoding the next one, and reported when that one is full or the input ends; otherwise it is sent
        /// and reported now. At most one batch is ever in flight, and it is reported before anything after it is sent
        /// or reported, so errors keep input order, a key written twice is written in input order, and a terminating
        /// error (-ErrorAction Stop) leaves the batch being collected unsent.
        /// </summary>
        private void Flush(bool showProgress, bool overlap = false)
        {
            Settle();
            var batch = new List<PendingWrite>(_batch!.Take());
            if (batch.Count == 0) return;
            if (IsJoin) batch = CheckJoins(batch);
            var requests = new List<StoreRequest>(batch.Count);
            foreach (var p in batch) if (p.Request != null) requests.Add(p.Request);

            if (overlap && !IsJoin && requests.Count > 0)
            {
                var store = Store;
                bool withCas = PassThru;
                var stopping = Stopping;
                _sender ??= new SenderThread<IReadOnlyList<KeyOutcome<StoreResult>>>("MemcachePS Set-MemcachedItem sender");
                _sender.Start(() => store.StoreMany(requests, withCas, stopping));
                _sending = new InFlight(batch, requests);
                return;
            }
            IReadOnlyList<KeyOutcome<StoreResult>> outcomes;
            try
            {
                outcomes = requests.Count == 0 ? new KeyOutcome<StoreResult>[0] : Store.StoreMany(requests, withCas: PassThru, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, requests.ConvertAll(r => r.Key));
                return;
            }
            ReportOutcomes(batch, outcomes, showProgress);
        }

        /// <summary>The batch sent by an overlapping <see cref="Flush"/> that is not reported yet, and the thread sending it.</summary>
        private InFlight? _sending;
        private SenderThread<IReadOnlyList<KeyOutcome<StoreResult>>>? _sender;

        /// <summary>Waits for the batch in flight (its call ends by its deadline, or at once on Ctrl+C) and reports it.</summary>
        private void Settle()
        {
            var sending = _sending;
            if (sending == null) return;
            _sending = null;
            IReadOnlyList<KeyOutcome<StoreResult>> outcomes;
            try
            {
                outcomes = _sender!.Wait();
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, sending.Requests.ConvertAll(r => r.Key));
                return;
            }
            ReportOutcomes(sending.Batch, outcomes, showProgress: true);
        }

        /// <summary>A pipeline stopped (Ctrl+C, or an error upstream) while a batch was in flight: its call is cancelled and waited for, not left running.</summary>
        /// <remarks>Nothing reports to a pipeline that has ended: the writes the batch made are on the server, the rest were not sent.</remarks>
        private protected override void ReleaseResources()
        {
            _sending = null;
            _sender?.Dispose();
            _sender = null;
        }

        private void ReportOutcomes(List<PendingWrite> batch, IReadOnlyList<KeyOutcome<StoreResult>> outcomes, bool showProgress)
        {
            int next = 0;
            foreach (var pending in batch)
            {
                if (pending.Error != null)
                {
                    Report(pending.Error);
                    continue;
                }
                var outcome = outcomes[next++];
                if (outcome.HasError)
                {
                    ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                    continue;
                }
                var refused = pending.ImplicitCas && outcome.Result.Status == StoreStatus.Exists
                    ? ErrorCatalog.JoinRaced(outcome.Key, Mode, outcome.Server?.Name)
                    : pending.JoinedLength.HasValue && outcome.Result.Status == StoreStatus.NotStored
                        ? ErrorCatalog.JoinNotStored(outcome.Key, Mode, pending.JoinedLength.Value, outcome.Server?.Name)
                        : ErrorCatalog.ForStore(outcome.Result.Status, Mode, outcome.Key, Cas, outcome.Server?.Name);
                if (refused != null)
                {
                    Report(refused);
                    continue;
                }
                _written++;
                if (PassThru)
                    WriteObject(new MemcachedItem(outcome.Key, pending.Value, pending.Encoded.Flags, outcome.Result.Cas, pending.Encoded.Data.Count, outcome.Server?.Name));
            }
            if (showProgress)
                WriteProgress(new ProgressRecord(ProgressId, "Storing items", $"{_written:N0} items stored"));
        }

        private sealed class InFlight
        {
            public InFlight(List<PendingWrite> batch, List<StoreRequest> requests)
            {
                Batch = batch;
                Requests = requests;
            }

            public List<PendingWrite> Batch { get; }
            public List<StoreRequest> Requests { get; }
        }

        private sealed class PendingWrite
        {
            public PendingWrite(string key, object? value, EncodedValue encoded, StoreRequest? request, ErrorDescription? error = null)
            {
                Key = key;
                Value = value;
                Encoded = encoded;
                Request = request;
                Error = error;
            }

            public static PendingWrite Failed(string key, ErrorDescription error) =>
                new PendingWrite(key, null, new EncodedValue(new byte[0], 0), null, error);

            public string Key { get; }
            public object? Value { get; }
            public EncodedValue Encoded { get; }
            public StoreRequest? Request { get; }
            public ErrorDescription? Error { get; }
            /// <summary>The request carries the CAS token of the flags check (an Append/Prepend), not one the script gave.</summary>
            public bool ImplicitCas { get; set; }
            /// <summary>An Append/Prepend whose item was there at the flags check: how long the joined item would be.</summary>
            public long? JoinedLength { get; set; }
        }
    }
}
