using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Matching
{
    /// <summary>
    /// PowerShell's wildcard language (as <c>-like</c> reads it) for filtering keys, server names and connection names:
    /// <c>*</c> any run of characters, <c>?</c> one character, <c>[abc]</c> and <c>[a-z]</c> one of a set, and a
    /// backtick escaping the next character. Lives in Core so key listings filter the same way everywhere.
    /// </summary>
    public sealed class WildcardMatcher
    {
        private readonly Token[] _tokens;
        private readonly bool _ignoreCase;

        public WildcardMatcher(string pattern, bool ignoreCase = true)
        {
            if (pattern == null) throw new ArgumentNullException(nameof(pattern));
            Pattern = pattern;
            _ignoreCase = ignoreCase;
            _tokens = Compile(pattern);
        }

        public string Pattern { get; }

        /// <summary>A matcher that matches everything (no pattern given).</summary>
        public static WildcardMatcher All { get; } = new WildcardMatcher("*");

        /// <summary>Whether the text contains wildcard characters that are not escaped.</summary>
        public static bool ContainsWildcards(string? text)
        {
            if (string.IsNullOrEmpty(text)) return false;
            for (int i = 0; i < text!.Length; i++)
            {
                char c = text[i];
                if (c == '`') { i++; continue; }
                if (c == '*' || c == '?' || c == '[') return true;
            }
            return false;
        }

        public bool IsMatch(string text)
        {
            if (text == null) return false;
            // Iterative matching with one backtrack point for the last star: linear for patterns without stars.
            int t = 0, p = 0, starP = -1, starT = 0;
            while (t < text.Length)
            {
                if (p < _tokens.Length && _tokens[p].Kind != TokenKind.Star && Matches(_tokens[p], text[t]))
                {
                    t++;
                    p++;
                }
                else if (p < _tokens.Length && _tokens[p].Kind == TokenKind.Star)
                {
                    starP = p++;
                    starT = t;
                }
                else if (starP >= 0)
                {
                    p = starP + 1;
                    t = ++starT;
                }
                else return false;
            }
            while (p < _tokens.Length && _tokens[p].Kind == TokenKind.Star) p++;
            return p == _tokens.Length;
        }

        private bool Matches(Token token, char c)
        {
            switch (token.Kind)
            {
                case TokenKind.Any: return true;
                case TokenKind.Literal: return Same(token.Char, c);
                case TokenKind.Set:
                    foreach (var range in token.Ranges!)
                    {
                        if (c >= range.From && c <= range.To) return true;
                        if (_ignoreCase)
                        {
                            char lower = char.ToLowerInvariant(c), upper = char.ToUpperInvariant(c);
                            if ((lower >= range.From && lower <= range.To) || (upper >= range.From && upper <= range.To)) return true;
                        }
                    }
                    return false;
                default: return false;
            }
        }

        private bool Same(char a, char b) => a == b || (_ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

        private static Token[] Compile(string pattern)
        {
            var tokens = new List<Token>();
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                switch (c)
                {
                    case '`':
                        tokens.Add(Token.Literal(i + 1 < pattern.Length ? pattern[++i] : '`'));
                        break;
                    case '*':
                        if (tokens.Count == 0 || tokens[tokens.Count - 1].Kind != TokenKind.Star) tokens.Add(new Token(TokenKind.Star));
                        break;
                    case '?':
                        tokens.Add(new Token(TokenKind.Any));
                        break;
                    case '[':
                        int close = FindSetEnd(pattern, i + 1);
                        if (close < 0) throw new MemcachedClientException($"The wildcard pattern '{pattern}' has a '[' without a matching ']'.");
                        tokens.Add(Token.Set(ParseSet(pattern, i + 1, close)));
                        i = close;
                        break;
                    default:
                        tokens.Add(Token.Literal(c));
                        break;
                }
            }
            return tokens.ToArray();
        }

        private static int FindSetEnd(string pattern, int from)
        {
            for (int i = from; i < pattern.Length; i++)
            {
                if (pattern[i] == '`') { i++; continue; }
                if (pattern[i] == ']' && i > from) return i;
            }
            return -1;
        }

        private static List<CharRange> ParseSet(string pattern, int from, int to)
        {
            var chars = new List<char>();
            for (int i = from; i < to; i++)
            {
                if (pattern[i] == '`' && i + 1 < to) i++;
                chars.Add(pattern[i]);
            }
            var ranges = new List<CharRange>();
            for (int i = 0; i < chars.Count; i++)
            {
                if (i + 2 < chars.Count && chars[i + 1] == '-')
                {
                    char a = chars[i], b = chars[i + 2];
                    ranges.Add(a <= b ? new CharRange(a, b) : new CharRange(b, a));
                    i += 2;
                }
                else ranges.Add(new CharRange(chars[i], chars[i]));
            }
            return ranges;
        }

        private enum TokenKind { Literal, Any, Star, Set }

        private readonly struct CharRange
        {
            public CharRange(char from, char to)
            {
                From = from;
                To = to;
            }

            public char From { get; }
            public char To { get; }
        }

        private readonly struct Token
        {
            public Token(TokenKind kind, char c = '\0', List<CharRange>? ranges = null)
            {
                Kind = kind;
                Char = c;
                Ranges = ranges;
            }

            public TokenKind Kind { get; }
            public char Char { get; }
            public List<CharRange>? Ranges { get; }

            public static Token Literal(char c) => new Token(TokenKind.Literal, c);
            public static Token Set(List<CharRange> ranges) => new Token(TokenKind.Set, '\0', ranges);
        }

        public override string ToString() => Pattern;
    }
}
