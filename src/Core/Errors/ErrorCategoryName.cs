namespace MemcachePS.Core.Errors
{
    /// <summary>
    /// The categories errors are reported under. Each name is the name of a member of PowerShell's
    /// <c>System.Management.Automation.ErrorCategory</c>, so the module converts by name; Core stays free of PowerShell.
    /// </summary>
    public enum ErrorCategoryName
    {
        NotSpecified,
        ObjectNotFound,
        ResourceExists,
        InvalidArgument,
        InvalidOperation,
        InvalidType,
        InvalidData,
        LimitsExceeded,
        WriteError,
        ConnectionError,
        OperationTimeout,
        ProtocolError,
        AuthenticationError,
        ResourceUnavailable,
        SecurityError,
    }
}
