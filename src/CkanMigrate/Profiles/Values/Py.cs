using System.Globalization;
using System.Numerics;
using System.Text;

namespace CkanMigrate.Profiles.Values;

/// <summary>
/// The Python semantics transmute's results depend on: what is false ("empty"), what is equal
/// (1 == 1.0 == True), and how str() writes a value (None, True, 1.0, ['a'], datetime…).
/// </summary>
internal static class Py
{
    /// <summary>Python's bool(value): None, False, 0, 0.0, "", [] and {} are false.</summary>
    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        BigInteger big => !big.IsZero,
        double d => d != 0,
        string s => s.Length > 0,
        PyDict dict => dict.Count > 0,
        List<object?> list => list.Count > 0,
        RawJson raw => Truthy(raw.Parse()),
        _ => true,
    };

    /// <summary>The name of the value's kind, as a message to an operator says it.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        bool => "a boolean",
        long or BigInteger or double => "a number",
        string => "text",
        PyDict => "an object",
        List<object?> => "a list",
        PyDate => "a date",
        _ => value.GetType().Name,
    };

    public static bool IsNumber(object? value) => value is bool or long or BigInteger or double;

    /// <summary>Python's ==, deep for lists and dicts; numbers compare by value whatever their kind.</summary>
    public static new bool Equals(object? a, object? b)
    {
        if (a is RawJson ra) a = ra.Parse();
        if (b is RawJson rb) b = rb.Parse();
        if (IsNumber(a) && IsNumber(b)) return NumbersEqual(a!, b!);
        switch (a)
        {
            case null: return b is null;
            case string s: return b is string t && string.Equals(s, t, StringComparison.Ordinal);
            case PyDate d: return b is PyDate e && DatesEqual(d, e);
            case List<object?> list:
                if (b is not List<object?> other || other.Count != list.Count) return false;
                for (var i = 0; i < list.Count; i++)
                    if (!Equals(list[i], other[i])) return false;
                return true;
            case PyDict dict:
                if (b is not PyDict od || od.Count != dict.Count) return false;
                for (var i = 0; i < dict.Count; i++)
                    if (!od.TryGetValue(dict.KeyAt(i), out var v) || !Equals(dict.ValueAt(i), v)) return false;
                return true;
            default: return false;
        }
    }

    private static bool DatesEqual(PyDate a, PyDate b)
    {
        if ((a.Zone == PyZone.Naive) != (b.Zone == PyZone.Naive)) return false; // Python: naive != aware, no error
        return a.Zone == PyZone.Naive ? a.Local == b.Local : a.Utc == b.Utc;
    }

    private static bool NumbersEqual(object a, object b)
    {
        if (a is double da || b is double) return ExactCompare(a, b);
        return ToBig(a) == ToBig(b);
    }

    /// <summary>Python compares an int with a float exactly, not after rounding the int to a float.</summary>
    private static bool ExactCompare(object a, object b)
    {
        var x = a is double d1 ? d1 : double.NaN;
        var y = b is double d2 ? d2 : double.NaN;
        if (a is double && b is double) return x == y;
        var f = a is double ? x : y;
        var i = a is double ? ToBig(b) : ToBig(a);
        if (!double.IsFinite(f) || Math.Floor(f) != f) return false;
        return new BigInteger(f) == i;
    }

    private static BigInteger ToBig(object number) => number switch
    {
        bool b => b ? BigInteger.One : BigInteger.Zero,
        long l => l,
        BigInteger big => big,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Whether Python could put the value in a set or look it up as a dict key.</summary>
    public static bool Hashable(object? value) => value is not (PyDict or List<object?> or RawJson);

    /// <summary>A hash that agrees with <see cref="Equals(object?, object?)"/> for hashable values.</summary>
    public static int Hash(object? value) => value switch
    {
        null => 0,
        bool or long or BigInteger => ToBig(value).GetHashCode(),
        double d when double.IsFinite(d) && Math.Floor(d) == d => new BigInteger(d).GetHashCode(),
        double d => d.GetHashCode(),
        string s => s.GetHashCode(StringComparison.Ordinal),
        PyDate date => date.Zone == PyZone.Naive ? date.Local.GetHashCode() : date.Utc.GetHashCode(),
        _ => 0,
    };

    /// <summary>Python's str(value).</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        PyDate date => date.IsoFormat(' '),
        RawJson raw => Str(raw.Parse()),
        _ => Repr(value),
    };

    /// <summary>Python's repr(value): what str() of a list or dict shows for each item.</summary>
    public static string Repr(object? value)
    {
        var text = new StringBuilder();
        AppendRepr(text, value);
        return text.ToString();
    }

    private static void AppendRepr(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: text.Append("None"); break;
            case bool b: text.Append(b ? "True" : "False"); break;
            case long l: text.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case BigInteger big: text.Append(big.ToString(CultureInfo.InvariantCulture)); break;
            case double d: text.Append(FloatRepr(d)); break;
            case string s: PyStrings.AppendRepr(text, s); break;
            case PyDate date: text.Append(date.Repr()); break;
            case RawJson raw: AppendRepr(text, raw.Parse()); break;
            case List<object?> list:
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    AppendRepr(text, list[i]);
                }
                text.Append(']');
                break;
            case PyDict dict:
                text.Append('{');
                for (var i = 0; i < dict.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    PyStrings.AppendRepr(text, dict.KeyAt(i));
                    text.Append(": ");
                    AppendRepr(text, dict.ValueAt(i));
                }
                text.Append('}');
                break;
            default: text.Append(value); break;
        }
    }

    /// <summary>
    /// repr(float): the shortest digits that read back to the same float, written plainly when the
    /// decimal exponent is between -4 and 16 and in scientific form (1e+16, 1e-05) otherwise.
    /// </summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        // Digits and exponent of the shortest round-trip form.
        var mantissa = r;
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = r[..e];
            exponent = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        }
        var point = mantissa.IndexOf('.');
        var digits = point >= 0 ? mantissa.Remove(point, 1) : mantissa;
        var intLength = point >= 0 ? point : mantissa.Length;
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var sign = double.IsNegative(d) ? "-" : "";
        if (digits.Length == 0) return sign + "0.0";
        var decpt = intLength + exponent - lead; // value = 0.digits × 10^decpt
        string body;
        if (decpt > -4 && decpt <= 16)
        {
            if (decpt <= 0) body = "0." + new string('0', -decpt) + digits;
            else if (decpt >= digits.Length) body = digits + new string('0', decpt - digits.Length) + ".0";
            else body = digits[..decpt] + "." + digits[decpt..];
        }
        else
        {
            var exp = decpt - 1;
            body = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("D2", CultureInfo.InvariantCulture);
        }
        return sign + body;
    }
}
