namespace MemcachePS.Core.Protocol
{
    /// <summary>The kind of one reply element, for every protocol (meta, classic, binary).</summary>
    internal enum ResponseStatus
    {
        /// <summary>A value follows (meta VA, classic VALUE).</summary>
        Value,
        /// <summary>Success without a value (meta HD; classic STORED, DELETED, TOUCHED, OK).</summary>
        Success,
        /// <summary>Miss (meta EN; classic END with no value).</summary>
        Miss,
        NotStored,
        Exists,
        NotFound,
        /// <summary>Meta MN: the end marker of a pipelined batch.</summary>
        NoOp,
        /// <summary>Classic END line.</summary>
        End,
        /// <summary>A classic line not otherwise classified (numbers, STAT lines, VERSION …); read <c>Line</c>.</summary>
        Line,
        /// <summary>The server did not know the command ("ERROR").</summary>
        Error,
        ClientError,
        ServerError,
        /// <summary>Binary protocol: authentication failed or is required (status 0x20).</summary>
        AuthError,
        /// <summary>Binary protocol: SASL wants another step (status 0x21).</summary>
        AuthContinue,
    }
}
