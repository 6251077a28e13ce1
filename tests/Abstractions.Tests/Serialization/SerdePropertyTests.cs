using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Serialization;

public sealed class SerdePropertyTests
{
    /// <summary>Well-formed strings (no lone surrogates) over the whole Unicode range, including null.</summary>
    private static readonly Arbitrary<string> _unicodeStrings = Arb.From(
        Gen.OneOf(
            Gen.Constant<string>(null!),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is null || IsWellFormed(s)),
            Gen.ArrayOf(Gen.OneOf(Gen.Choose(0, 0xD7FF), Gen.Choose(0xE000, 0x10FFFF)))
                .Select(codePoints => string.Concat(codePoints.Select(char.ConvertFromUtf32)))));

    [Fact]
    public void Serde_RandomStrings_RoundTrip()
        => Prop.ForAll(_unicodeStrings, s => SerdeRoundTripTests.RoundTrip(s) == s)
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Serde_RandomStringInt64Pairs_RoundTrip()
        => Prop.ForAll(
                _unicodeStrings,
                ArbMap.Default.ArbFor<long>(),
                (s, n) => SerdeRoundTripTests.RoundTrip((s, n)) == (s, n))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Serde_RandomStrings_EncodeAsUtf8()
        => Prop.ForAll(
                _unicodeStrings.Filter(s => s is not null),
                s => Serde.For<string>().ToBytes(s).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(s)))
            .QuickCheckThrowOnFailure();

    private static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
