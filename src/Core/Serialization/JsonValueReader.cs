using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;

namespace MemcachePS.Core.Serialization
{
    /// <summary>
    /// Reads JSON strictly by RFC 8259 into plain values: objects become <see cref="OrderedDictionary"/> (key order kept,
    /// keys compared ordinally, duplicate keys refused), arrays <see cref="List{T}"/> of object, numbers Int64 (or
    /// BigInteger beyond it) when written without fraction or exponent and Double otherwise, plus string, bool and null.
    /// Errors name the offset, line and column. Thread-safe.
    /// </summary>
    internal sealed class JsonValueReader
    {
        public const int DefaultMaxDepth = 64;

        /// <summary>Arrays and objects nested deeper than this are refused rather than exhausting the stack.</summary>
        public int MaxDepth { get; set; } = DefaultMaxDepth;

        public object? Read(string json)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            var parser = new Parser(json, MaxDepth);
            parser.SkipWhitespace();
            if (parser.AtEnd) throw parser.Error("the document is empty");
            object? value = parser.ReadValue(0);
            parser.SkipWhitespace();
            if (!parser.AtEnd) throw parser.Error($"unexpected {parser.Describe()} after the end of the value");
            return value;
        }

        private sealed class Parser
        {
            private readonly string _text;
            private readonly int _maxDepth;
            private int _pos;
            private readonly StringBuilder _scratch = new StringBuilder();

            public Parser(string text, int maxDepth)
            {
                _text = text;
                _maxDepth = maxDepth;
            }

            public bool AtEnd => _pos >= _text.Length;

            public void SkipWhitespace()
            {
                while (_pos < _text.Length)
                {
                    char c = _text[_pos];
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                    _pos++;
                }
            }

            public object? ReadValue(int depth)
            {
                if (AtEnd) throw Error("the document ends where a value belongs");
                char c = _text[_pos];
                switch (c)
                {
                    case '{': return ReadObject(depth);
                    case '[': return ReadArray(depth);
                    case '"': return ReadString();
                    case 't': ReadLiteral("true"); return true;
                    case 'f': ReadLiteral("false"); return false;
                    case 'n': ReadLiteral("null"); return null;
                    default:
                        if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                        throw Error($"unexpected {Describe()} where a value belongs");
                }
            }

            private void Enter(int depth)
            {
                if (depth >= _maxDepth) throw Error($"nesting is deeper than {_maxDepth} levels (MaxDepth)");
            }

            private OrderedDictionary ReadObject(int depth)
            {
                Enter(depth);
                var result = new OrderedDictionary(StringComparer.Ordinal);
                _pos++; // {
                SkipWhitespace();
                if (Peek('}')) { _pos++; return result; }
                while (true)
                {
                    SkipWhitespace();
                    if (!Peek('"')) throw Error($"unexpected {Describe()} where a member name (a string) belongs");
                    int keyPosition = _pos;
                    string key = ReadString();
                    if (result.Contains(key)) throw ErrorAt(keyPosition, $"the member name \"{key}\" appears twice in one object");
                    SkipWhitespace();
                    Expect(':', "after a member name");
                    SkipWhitespace();
                    result.Add(key, ReadValue(depth + 1));
                    SkipWhitespace();
                    if (Peek(',')) { _pos++; continue; }
                    if (Peek('}')) { _pos++; return result; }
                    throw Error($"unexpected {Describe()} where ',' or '}}' belongs");
                }
            }

            private List<object?> ReadArray(int depth)
            {
                Enter(depth);
                var result = new List<object?>();
                _pos++; // [
                SkipWhitespace();
                if (Peek(']')) { _pos++; return result; }
                while (true)
                {
                    SkipWhitespace();
                    result.Add(ReadValue(depth + 1));
                    SkipWhitespace();
                    if (Peek(',')) { _pos++; continue; }
                    if (Peek(']')) { _pos++; return result; }
                    throw Error($"unexpected {Describe()} where ',' or ']' belongs");
                }
            }

            private string ReadString()
            {
                int start = ++_pos; // after the opening quote
                _scratch.Clear();
                int runStart = start;
                while (true)
                {
                    if (AtEnd) throw ErrorAt(start - 1, "the string is not closed");
                    char c = _text[_pos];
                    if (c == '"')
                    {
                        _scratch.Append(_text, runStart, _pos - runStart);
                        _pos++;
                        return _scratch.ToString();
                    }
                    if (c < 0x20) throw Error($"control character U+{(int)c:X4} must be escaped inside a string");
                    if (c != '\\') { _pos++; continue; }

                    _scratch.Append(_text, runStart, _pos - runStart);
                    if (_pos + 1 >= _text.Length) throw ErrorAt(start - 1, "the string is not closed");
                    char kind = _text[_pos + 1];
                    switch (kind)
                    {
                        case '"': _scratch.Append('"'); break;
                        case '\\': _scratch.Append('\\'); break;
                        case '/': _scratch.Append('/'); break;
                        case 'b': _scratch.Append('\b'); break;
                        case 'f': _scratch.Append('\f'); break;
                        case 'n': _scratch.Append('\n'); break;
                        case 'r': _scratch.Append('\r'); break;
                        case 't': _scratch.Append('\t'); break;
                        case 'u':
                            _scratch.Append(ReadHex4(_pos + 2));
                            _pos += 4;
                            break;
                        default:
                            throw Error($"'\\{kind}' is not a JSON escape (only \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX are)");
                    }
                    _pos += 2;
                    runStart = _pos;
                }
            }

            // \uD83D\uDE00 needs no pairing step: .NET strings are UTF-16, so the two escapes become the pair as they are.
            private char ReadHex4(int at)
            {
                if (at + 4 > _text.Length) throw ErrorAt(at - 2, "a \\u escape needs four hex digits");
                int value = 0;
                for (int i = at; i < at + 4; i++)
                {
                    int digit = HexValue(_text[i]);
                    if (digit < 0) throw ErrorAt(at - 2, "a \\u escape needs four hex digits");
                    value = value * 16 + digit;
                }
                return (char)value;
            }

            private static int HexValue(char c)
            {
                if (c >= '0' && c <= '9') return c - '0';
                if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                if (c >= 'A' && c <= 'F') return c - 'A' + 10;
                return -1;
            }

            private object ReadNumber()
            {
                int start = _pos;
                if (Peek('-')) _pos++;
                if (Peek('0'))
                {
                    _pos++;
                    if (PeekDigit()) throw ErrorAt(start, "a number must not have a leading zero");
                }
                else if (PeekDigit()) SkipDigits();
                else throw Error("'-' must be followed by a digit");

                bool integral = true;
                if (Peek('.'))
                {
                    integral = false;
                    _pos++;
                    if (!PeekDigit()) throw Error("a decimal point must be followed by a digit");
                    SkipDigits();
                }
                if (Peek('e') || Peek('E'))
                {
                    integral = false;
                    _pos++;
                    if (Peek('+') || Peek('-')) _pos++;
                    if (!PeekDigit()) throw Error("an exponent needs at least one digit");
                    SkipDigits();
                }

                string text = _text.Substring(start, _pos - start);
                if (integral)
                {
                    try
                    {
                        return DecimalInteger.Parse(text, "JSON number");
                    }
                    catch (MemcachedSerializationException e)
                    {
                        throw ErrorAt(start, e.Message.TrimEnd('.'));
                    }
                }
                double value;
                try
                {
                    value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    value = double.PositiveInfinity; // .NET Framework throws where .NET Core returns infinity
                }
                if (double.IsInfinity(value)) throw ErrorAt(start, $"the number {text} is beyond the range of a double");
                return value;
            }

            private void SkipDigits()
            {
                while (PeekDigit()) _pos++;
            }

            private bool PeekDigit() => _pos < _text.Length && _text[_pos] >= '0' && _text[_pos] <= '9';

            private bool Peek(char c) => _pos < _text.Length && _text[_pos] == c;

            private void Expect(char c, string where)
            {
                if (!Peek(c)) throw Error($"unexpected {Describe()} where '{c}' belongs {where}");
                _pos++;
            }

            private void ReadLiteral(string literal)
            {
                if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
                    throw Error($"unexpected {Describe()} where a value belongs");
                _pos += literal.Length;
            }

            public string Describe()
            {
                if (AtEnd) return "end of the document";
                char c = _text[_pos];
                return c < 0x20 || c > 0x7e ? $"character U+{(int)c:X4}" : $"'{c}'";
            }

            public MemcachedSerializationException Error(string problem) => ErrorAt(_pos, problem);

            public MemcachedSerializationException ErrorAt(int position, string problem)
            {
                int line = 1, column = 1;
                for (int i = 0; i < position && i < _text.Length; i++)
                {
                    if (_text[i] == '\n') { line++; column = 1; }
                    else column++;
                }
                return new MemcachedSerializationException(
                    $"Invalid JSON at offset {position} (line {line}, column {column}): {problem}.");
            }
        }
    }
}
