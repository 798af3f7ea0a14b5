namespace Memfun.Core.Configuration;

/// <summary>The TOML type a configuration key takes.</summary>
public enum ConfigValueKind
{
    /// <summary>A string.</summary>
    Text,

    /// <summary>A whole number.</summary>
    WholeNumber,

    /// <summary>A number (whole numbers are accepted too).</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>An array of strings.</summary>
    TextList,

    /// <summary>One string from a fixed set.</summary>
    Choice,
}
