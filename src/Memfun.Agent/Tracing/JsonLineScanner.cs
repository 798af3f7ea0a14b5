using System.Globalization;
using System.Text;

namespace Memfun.Agent.Tracing;

/// <summary>
/// Reads one JSON object, strictly by RFC 8259, property by property: the few value kinds a trace line holds (strings,
/// numbers, times, one nested object), with everything else skipped. Anything that is not valid JSON throws a
/// <see cref="FormatException"/>.
/// </summary>
/// <remarks>
/// Not <see cref="System.Text.Json.Utf8JsonReader"/>: its first use builds its search tables and compiles their vectorised
/// code for the machine, which no ReadyToRun image holds, about 8 ms of a <c>traces</c> command that takes 15 ms beside it
/// (issue 20). A trace line is a few fields and a few long strings, which a loop over its characters reads as fast.
/// <c>JsonLineScannerTests</c> holds it to <see cref="System.Text.Json.JsonDocument"/> on valid and invalid JSON alike.
/// </remarks>
internal ref struct JsonLineScanner(ReadOnlySpan<char> json)
{
    // Deeper values are not skipped but refused: a planted line of a million brackets must not exhaust the stack.
    private const int MaxDepth = 64;

    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd"];

    private readonly ReadOnlySpan<char> _json = json;
    private int _position;

    // Whether the object being read has had no property yet, so that the next one needs no comma before it.
    private bool _atObjectStart;

    /// <summary>Reads the <c>{</c> that starts an object.</summary>
    public void ReadObjectStart()
    {
        Expect('{');
        _atObjectStart = true;
    }

    /// <summary>Reads the next property's name, or the object's <c>}</c> and returns false.</summary>
    public bool TryReadPropertyName(out string name)
    {
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            _atObjectStart = false;
            name = "";
            return false;
        }

        if (!_atObjectStart)
        {
            Expect(',');
        }

        _atObjectStart = false;
        name = ReadString();
        Expect(':');
        return true;
    }

    /// <summary>Reads a <c>null</c> if that is the next value.</summary>
    public bool TryReadNull()
    {
        SkipWhitespace();
        if (!_json[_position..].StartsWith("null", StringComparison.Ordinal))
        {
            return false;
        }

        _position += 4;
        return true;
    }

    /// <summary>Reads a string, or a <c>null</c>.</summary>
    public string? ReadNullableString() => TryReadNull() ? null : ReadString();

    /// <summary>Reads a string, its escapes decoded.</summary>
    public string ReadString()
    {
        Expect('"');
        var start = _position;
        while (true)
        {
            var c = Next();
            if (c == '"')
            {
                return new string(_json[start..(_position - 1)]);
            }

            if (c == '\\')
            {
                _position--;
                return ReadEscapedString(start);
            }

            if (c < ' ')
            {
                throw Invalid("a control character in a string");
            }
        }
    }

    /// <summary>Reads a whole number in <see cref="int"/>'s range.</summary>
    public int ReadInt32() => (int)ReadInteger(int.MinValue, int.MaxValue);

    /// <summary>Reads a whole number in <see cref="long"/>'s range.</summary>
    public long ReadInt64() => ReadInteger(long.MinValue, long.MaxValue);

    /// <summary>Reads a number as a <see cref="double"/>.</summary>
    public double ReadDouble() => double.Parse(ReadNumber(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Reads a number as a <see cref="decimal"/>.</summary>
    public decimal ReadDecimal() =>
        decimal.TryParse(ReadNumber(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid("a number out of a decimal's range");

    /// <summary>Reads a time written in ISO 8601 (<c>2026-11-30T13:14:15.678+02:00</c>); one without an offset is local.</summary>
    public DateTimeOffset ReadDateTimeOffset() =>
        DateTimeOffset.ParseExact(ReadString(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>Reads any value and drops it.</summary>
    public void Skip() => Skip(0);

    /// <summary>Checks that nothing but whitespace is left.</summary>
    public void ReadEnd()
    {
        SkipWhitespace();
        if (_position != _json.Length)
        {
            throw Invalid("text after the value");
        }
    }

    private void Skip(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Invalid("values nested too deep");
        }

        SkipWhitespace();
        switch (Peek())
        {
            case '"':
                ReadString();
                break;
            case '{':
                ReadObjectStart();
                while (TryReadPropertyName(out _))
                {
                    Skip(depth + 1);
                }

                break;
            case '[':
                _position++;
                SkipWhitespace();
                if (Peek() == ']')
                {
                    _position++;
                    break;
                }

                do
                {
                    Skip(depth + 1);
                    SkipWhitespace();
                }
                while (Next() switch { ',' => true, ']' => false, _ => throw Invalid("an array without its ',' or ']'") });

                break;
            case 't':
                ExpectWord("true");
                break;
            case 'f':
                ExpectWord("false");
                break;
            case 'n':
                ExpectWord("null");
                break;
            default:
                ReadNumber();
                break;
        }
    }

    private long ReadInteger(long min, long max)
    {
        var number = ReadNumber();
        if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Invalid("a number that is not a whole number in range");
        }

        return value;
    }

    // A number's text, checked against JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private ReadOnlySpan<char> ReadNumber()
    {
        SkipWhitespace();
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else
        {
            ReadDigits();
        }

        if (Peek() == '.')
        {
            _position++;
            ReadDigits();
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            ReadDigits();
        }

        return _json[start.._position];
    }

    private void ReadDigits()
    {
        if (!char.IsAsciiDigit(Peek()))
        {
            throw Invalid("a value that is not JSON");
        }

        while (char.IsAsciiDigit(Peek()))
        {
            _position++;
        }
    }

    // The rest of a string from its first backslash; `start` is just after its opening quote.
    private string ReadEscapedString(int start)
    {
        var text = new StringBuilder().Append(_json[start.._position]);
        while (true)
        {
            var c = Next();
            switch (c)
            {
                case '"':
                    return text.ToString();
                case < ' ':
                    throw Invalid("a control character in a string");
                case '\\':
                    AppendEscape(text);
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
    }

    private void AppendEscape(StringBuilder text)
    {
        switch (Next())
        {
            case '"': text.Append('"'); break;
            case '\\': text.Append('\\'); break;
            case '/': text.Append('/'); break;
            case 'b': text.Append('\b'); break;
            case 'f': text.Append('\f'); break;
            case 'n': text.Append('\n'); break;
            case 'r': text.Append('\r'); break;
            case 't': text.Append('\t'); break;
            case 'u':
                // A character outside the Basic Multilingual Plane is two escapes, a high surrogate and then its low one;
                // half a pair is not text.
                var code = ReadHexCharacter();
                if (char.IsLowSurrogate(code))
                {
                    throw Invalid("half a surrogate pair");
                }

                text.Append(code);
                if (char.IsHighSurrogate(code))
                {
                    if (!_json[_position..].StartsWith("\\u", StringComparison.Ordinal))
                    {
                        throw Invalid("half a surrogate pair");
                    }

                    _position += 2;
                    var low = ReadHexCharacter();
                    text.Append(char.IsLowSurrogate(low) ? low : throw Invalid("half a surrogate pair"));
                }

                break;
            default:
                throw Invalid("an unknown escape");
        }
    }

    private char ReadHexCharacter()
    {
        if (_position + 4 > _json.Length || !ushort.TryParse(_json.Slice(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            throw Invalid("a \\u escape without four hex digits");
        }

        _position += 4;
        return (char)code;
    }

    private void ExpectWord(string word)
    {
        if (!_json[_position..].StartsWith(word, StringComparison.Ordinal))
        {
            throw Invalid("a value that is not JSON");
        }

        _position += word.Length;
    }

    private void Expect(char token)
    {
        SkipWhitespace();
        if (Next() != token)
        {
            throw Invalid($"'{token}' expected");
        }
    }

    private void SkipWhitespace()
    {
        while (_position < _json.Length && _json[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private readonly char Peek() => _position < _json.Length ? _json[_position] : '\0';

    private char Next() => _position < _json.Length ? _json[_position++] : throw Invalid("the line ends inside a value");

    private readonly FormatException Invalid(string what) => new($"Not valid JSON at {_position}: {what}.");
}
