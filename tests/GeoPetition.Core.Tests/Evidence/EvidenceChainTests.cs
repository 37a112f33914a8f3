using GeoPetition.Core.Evidence;

namespace GeoPetition.Core.Tests.Evidence;

/// <summary>The hash chain: built, recomputed, and broken in each way it can be.</summary>
public sealed class EvidenceChainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static (List<ChainEntry> Chain, Dictionary<string, string> Contents) Build(int n)
    {
        var chain = new List<ChainEntry>();
        var contents = new Dictionary<string, string>();
        var previous = EvidenceChain.Genesis;
        for (var i = 1; i <= n; i++)
        {
            var content = Canonical.Hash(("record", $"r{i}"));
            contents[$"r{i}"] = content;
            var e = EvidenceChain.Next(42, i, (EvidenceKind)(i % 4), $"r{i}", content, previous, T0.AddMinutes(i).AddTicks(7));
            chain.Add(e);
            previous = e.EntrySha256;
        }

        return (chain, contents);
    }

    [Fact]
    public void An_untouched_chain_is_intact_and_its_head_is_the_last_entry()
    {
        var (chain, contents) = Build(5);
        var check = EvidenceChain.Verify(chain, e => contents[e.RefId]);
        Assert.True(check.Intact);
        Assert.Equal(5, check.Entries);
        Assert.Equal(chain[^1].EntrySha256, check.HeadSha256);
        Assert.Equal(EvidenceChain.Genesis, chain[0].PreviousSha256);
        Assert.Equal(0, chain[0].RecordedAt.UtcTicks % 10); // microseconds, as stored
    }

    [Fact]
    public void A_changed_record_breaks_the_chain_at_its_entry()
    {
        var (chain, contents) = Build(5);
        contents["r3"] = Canonical.Hash(("record", "r3 changed"));
        var check = EvidenceChain.Verify(chain, e => contents[e.RefId]);
        Assert.False(check.Intact);
        Assert.Equal(3, check.FirstBreak!.Seq);
        Assert.Contains("was changed", check.FirstBreak.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_entry_a_missing_entry_and_a_missing_record_are_each_found()
    {
        var (chain, contents) = Build(5);
        var edited = chain.ToList();
        edited[1] = edited[1] with { ContentSha256 = contents["r4"] };
        Assert.Equal(2, EvidenceChain.Verify(edited, e => contents[e.RefId]).FirstBreak!.Seq);

        var relinked = chain.ToList();
        relinked[2] = EvidenceChain.Next(42, 3, chain[2].Kind, "r3", contents["r3"], EvidenceChain.Genesis, chain[2].RecordedAt);
        Assert.Contains("names previous hash", EvidenceChain.Verify(relinked, e => contents[e.RefId]).FirstBreak!.Reason, StringComparison.Ordinal);

        var gap = chain.Where(e => e.Seq != 2).ToList();
        Assert.Contains("entry 2 is missing", EvidenceChain.Verify(gap, e => contents[e.RefId]).FirstBreak!.Reason, StringComparison.Ordinal);

        Assert.Equal(4, EvidenceChain.Verify(chain, e => e.RefId == "r4" ? null : contents[e.RefId]).FirstBreak!.Seq);
        Assert.Equal("file changed", EvidenceChain.Verify(chain, e => e.RefId == "r1" ? "!file changed" : contents[e.RefId]).FirstBreak!.Reason);
    }

    [Fact]
    public void The_canonical_form_separates_fields_unambiguously()
    {
        Assert.NotEqual(Canonical.Hash(("a", "b\nc=1:d")), Canonical.Hash(("a", "b"), ("c", "d")));
        Assert.NotEqual(Canonical.Hash(("a", null)), Canonical.Hash(("a", "")));
        Assert.Equal("a=3:x\ny\nb=-1:\n", Canonical.Form(("a", "x\ny"), ("b", null)));
        Assert.Equal("2026-03-01T08:00:00.000000Z", Canonical.Time(T0.ToOffset(TimeSpan.FromHours(8))));
    }
}
