namespace MemcachePS.Core
{
    /// <summary>What the server did with a write. Only <see cref="Stored"/> is success.</summary>
    public enum StoreStatus
    {
        Stored,
        /// <summary>The mode's condition failed: add on a present key, replace/append/prepend on a missing one.</summary>
        NotStored,
        /// <summary>Compare-and-swap found another CAS token: the item changed since it was read.</summary>
        Exists,
        /// <summary>Compare-and-swap on a key that does not exist.</summary>
        NotFound,
    }

    public readonly struct StoreResult
    {
        public StoreResult(StoreStatus status, ulong cas)
        {
            Status = status;
            Cas = cas;
        }

        public StoreStatus Status { get; }
        /// <summary>The item's new CAS token when stored (0 on the classic protocol, which does not return it).</summary>
        public ulong Cas { get; }
        public bool IsStored => Status == StoreStatus.Stored;
        public override string ToString() => Cas == 0 ? Status.ToString() : $"{Status} (cas {Cas})";
    }
}
