using GeoPetition.Core.Layers;
using GeoPetition.Server.Data;
using GeoPetition.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoPetition.Server.Tests.Data;

/// <summary>A fresh database with every migration applied, shared by one test class.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        DataSource = Database.CreateDataSource();
        await new MigrationRunner(DataSource, NullLogger<MigrationRunner>.Instance).MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// The C# catalog (<see cref="LayerKinds"/>) and the migrations describe the same tables: for every
/// layer kind the table has fid, version_id, the catalog's columns in catalog order with the SQL
/// type of their field type, and geom; required fields are NOT NULL, the others nullable; geom is
/// Multi* in EPSG:4490; the key is unique within a version.
/// </summary>
public sealed class CatalogSchemaTests(MigratedDatabase db) : IClassFixture<MigratedDatabase>
{
    public static TheoryData<string> Kinds() => [.. LayerKinds.All.Select(k => k.Kind.ToString())];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Table_columns_equal_the_catalog(string kindName)
    {
        var kind = LayerKinds.Get(Enum.Parse<LayerKind>(kindName));
        var expected = new List<string> { "fid bigint NO", "version_id integer NO" };
        expected.AddRange(kind.Fields.Select(f => $"{f.Column} {SqlType(f.Type)} {(f.Required ? "NO" : "YES")}"));
        expected.Add("geom USER-DEFINED:geometry NO");

        var actual = new List<string>();
        await using (var command = db.DataSource.CreateCommand("""
            SELECT column_name, CASE WHEN data_type = 'USER-DEFINED' THEN data_type || ':' || udt_name ELSE data_type END, is_nullable
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @t ORDER BY ordinal_position
            """))
        {
            command.Parameters.AddWithValue("t", kind.Table);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                actual.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)}");
            }
        }

        Assert.Equal(expected, actual);

        await using (var command = db.DataSource.CreateCommand("SELECT type, srid FROM geometry_columns WHERE f_table_schema = 'public' AND f_table_name = @t AND f_geometry_column = 'geom'"))
        {
            command.Parameters.AddWithValue("t", kind.Table);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"{kind.Table}.geom is not a registered geometry column");
            Assert.Equal(GeometryType(kind.Geometry), reader.GetString(0));
            Assert.Equal(4490, reader.GetInt32(1));
        }

        await using (var command = db.DataSource.CreateCommand("""
            SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND tablename = @t
              AND indexdef LIKE 'CREATE UNIQUE INDEX % USING btree (version_id, ' || @key || ')'
            """))
        {
            command.Parameters.AddWithValue("t", kind.Table);
            command.Parameters.AddWithValue("key", kind.KeyColumn);
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Every_layer_table_in_the_database_is_a_catalog_kind()
    {
        var tables = new List<string>();
        await using var command = db.DataSource.CreateCommand("""
            SELECT table_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name = 'version_id'
            ORDER BY table_name
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        Assert.Equal(LayerKinds.All.Select(k => k.Table).Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
    }

    private static string GeometryType(GeometryFamily family) => family switch
    {
        GeometryFamily.Polygon => "MULTIPOLYGON",
        GeometryFamily.Line => "MULTILINESTRING",
        GeometryFamily.Point => "MULTIPOINT",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "no geometry type"),
    };

    private static string SqlType(FieldType type) => type switch
    {
        FieldType.Text => "text",
        FieldType.Integer => "integer",
        FieldType.Real => "double precision",
        FieldType.Date => "date",
        FieldType.Boolean => "boolean",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no SQL type"),
    };
}
