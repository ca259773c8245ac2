using System.Management.Automation;
using MemcachePS.Core;

namespace MemcachePS.Matching
{
    /// <summary>
    /// PowerShell's own wildcards (<see cref="WildcardPattern"/>, as <c>-like</c> reads them) for keys, server names and
    /// connection names: case-insensitive unless asked, compared the same way in every culture.
    /// </summary>
    internal static class NamePattern
    {
        /// <summary>
        /// The pattern, checked now: a malformed one (<c>k[0-9</c>) is refused here with a MemcachedClientException rather
        /// than on the first name it is matched against.
        /// </summary>
        public static WildcardPattern Create(string pattern, bool caseSensitive = false)
        {
            var options = WildcardOptions.CultureInvariant | (caseSensitive ? WildcardOptions.None : WildcardOptions.IgnoreCase);
            var wildcard = new WildcardPattern(pattern, options);
            try
            {
                wildcard.IsMatch(string.Empty);
            }
            catch (WildcardPatternException e)
            {
                throw new MemcachedClientException($"'{pattern}' is not a valid wildcard pattern: {e.Message}", e);
            }
            return wildcard;
        }

        /// <summary>Whether the text holds wildcard characters that are not escaped with a backtick.</summary>
        public static bool HasWildcards(string? text) => WildcardPattern.ContainsWildcardCharacters(text);
    }
}
