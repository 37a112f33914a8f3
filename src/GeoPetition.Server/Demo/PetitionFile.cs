using System.Globalization;
using System.Text.Json;

namespace GeoPetition.Server.Demo;

/// <summary>Writes petitions.json: the demo petitions with their expected findings.</summary>
internal static class PetitionFile
{
    public static void Write(string path, IReadOnlyList<Petition> petitions)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, DemoGenerator.JsonOptions);
        json.WriteStartArray();
        foreach (var p in petitions)
        {
            json.WriteStartObject();
            json.WriteString("scenario", p.Scenario);
            json.WriteString("title", p.Title);
            json.WriteString("channel", p.Channel);
            json.WriteString("category", p.Category);
            json.WriteString("subject", p.Subject);
            json.WriteString("receivedAt", p.ReceivedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteStartArray("petitioners");
            foreach (var person in p.Petitioners)
            {
                json.WriteStartObject();
                json.WriteString("name", person.Name);
                json.WriteString("idNumber", person.IdNumber);
                json.WriteString("phone", person.Phone);
                json.WriteString("address", person.Address);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("isCollective", p.IsCollective);
            if (p.Headcount is int headcount)
            {
                json.WriteNumber("headcount", headcount);
            }

            json.WriteString("text", p.Text);
            json.WritePropertyName("location");
            if (p.Location is null)
            {
                json.WriteNullValue();
            }
            else
            {
                GeoJsonGeometry.Write(json, p.Location, p.LocationCrs == "EPSG:4523" ? 3 : p.LocationCrs == "EPSG:4490" ? 7 : 6);
            }

            json.WriteString("locationCrs", p.LocationCrs);
            json.WriteString("locationAccuracy", p.LocationAccuracy);
            json.WriteStartArray("claims");
            foreach (var claim in p.Claims)
            {
                json.WriteStartObject();
                json.WriteString("type", claim.Type);
                json.WriteString("text", claim.Text);
                json.WriteStartObject("refs");
                foreach (var (key, value) in claim.Refs)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("expected");
            foreach (var e in p.Expected)
            {
                json.WriteStartObject();
                json.WriteNumber("claim", e.Claim);
                json.WriteString("finding", e.Finding);
                json.WriteStartArray("rules");
                foreach (var rule in e.Rules)
                {
                    json.WriteStringValue(rule);
                }

                json.WriteEndArray();
                json.WriteString("note", e.Note);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
