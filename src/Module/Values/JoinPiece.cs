using System;
using System.Management.Automation;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Values
{
    /// <summary>
    /// What Set-MemcachedItem -Mode Append/Prepend may join. memcached joins the piece's bytes to the item's and keeps
    /// the item's flags, so a join is sound only when the result is still what those flags say: text onto text (both
    /// uncompressed UTF-8) and text or bytes onto bytes (flags 0). A piece is therefore never serialized or compressed,
    /// and an item whose flags say compressed, JSON, CliXml, integer, pickle or anything unknown is not joined at all.
    /// </summary>
    internal static class JoinPiece
    {
        private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>The piece's bytes as they will be joined: a string as UTF-8 (flags 16), a byte[] as it is (flags 0).</summary>
        /// <exception cref="NotSupportedException">Anything else, or a string UTF-8 cannot carry.</exception>
        public static EncodedValue Encode(object? value, StoreMode mode)
        {
            object? bare = value is PSObject p ? p.BaseObject : value;
            switch (bare)
            {
                case string text:
                    try
                    {
                        return new EncodedValue(StrictUtf8.GetBytes(text), ValueFlags.Text);
                    }
                    catch (EncoderFallbackException)
                    {
                        throw new NotSupportedException($"The string to {mode} has an unpaired surrogate, which UTF-8 cannot carry.");
                    }
                case byte[] bytes:
                    return new EncodedValue(bytes, ValueFlags.Bytes);
                default:
                    throw new NotSupportedException(
                        $"{mode} joins bytes to the stored bytes, so it takes a string or a byte[], not {(bare == null ? "$null" : bare.GetType().FullName)}: " +
                        "to change a structured value, read it, change it and Set it.");
            }
        }

        /// <summary>Why a piece with <paramref name="pieceFlags"/> must not be joined to an item with <paramref name="itemFlags"/>; null when it may.</summary>
        public static string? Refusal(string key, uint itemFlags, uint pieceFlags, StoreMode mode)
        {
            if (itemFlags == ValueFlags.Bytes) return null;
            if (itemFlags == ValueFlags.Text && pieceFlags == ValueFlags.Text) return null;
            if (itemFlags == ValueFlags.Text)
                return $"'{key}' holds text and the {mode} piece is a byte[], which could leave bytes that are not UTF-8: give a string. Nothing was changed.";
            return $"'{key}' is stored as {ValueFlags.Describe(itemFlags)} (flags {itemFlags}); {mode} joins bytes on the server and keeps those flags, " +
                "so the result could not be read back. Nothing was changed: read the value, change it and Set it.";
        }
    }
}
