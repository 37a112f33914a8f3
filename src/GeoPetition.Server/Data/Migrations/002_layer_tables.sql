-- Layer tables: one per layer kind (GeoPetition.Core.Layers.LayerKinds is the same schema in C#;
-- a server test checks that the two agree). Columns keep the national field codes in lower case.
-- Every row belongs to one layer version; reads go through layer.current_version_id (or, as of a
-- date, through layer_version.valid_from/valid_to), so an import that has not finished is never seen.
-- Geometry is stored in EPSG:4490 (CGCS2000 lon/lat) as Multi*; see docs/storage.md.

-- 行政区 (Jurisdiction)
CREATE TABLE jurisdiction (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    xzqdm text NOT NULL,
    xzqmc text NOT NULL,
    sjxzqdm text,
    jb text,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX jurisdiction_version_key ON jurisdiction (version_id, xzqdm);
CREATE INDEX jurisdiction_geom ON jurisdiction USING gist (geom);

-- 农用地转用/土地征收批次 (Approval batch)
CREATE TABLE approval_batch (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    pcbm text NOT NULL,
    bpxmmc text,
    pclx text,
    pzwh text NOT NULL,
    pzjg text,
    pzrq date NOT NULL,
    pzxmzmj double precision,
    pzzsmj double precision,
    pznydmj double precision,
    pzgdmj double precision,
    pzjbnt double precision,
    tdyt text,
    zbnd integer,
    yggrq date,
    yggts integer,
    faggrq date,
    faggts integer,
    tzhrq date,
    zsggh text,
    zsggrq date,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX approval_batch_version_key ON approval_batch (version_id, pcbm);
CREATE INDEX approval_batch_geom ON approval_batch USING gist (geom);

-- 供地 (Land supply)
CREATE TABLE land_supply (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    dzjgh text NOT NULL,
    gdfs text,
    htbh text,
    gdrq date NOT NULL,
    srr text,
    tdyt text,
    gdmj double precision,
    pcbm text,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX land_supply_version_key ON land_supply (version_id, dzjgh);
CREATE INDEX land_supply_geom ON land_supply USING gist (geom);

-- 临时用地 (Temporary land use)
CREATE TABLE temporary_land_use (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    pzwh text NOT NULL,
    pzjg text,
    qsrq date NOT NULL,
    jzrq date NOT NULL,
    ytlx text,
    sfcq boolean,
    mj double precision,
    fkysrq date,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX temporary_land_use_version_key ON temporary_land_use (version_id, pzwh);
CREATE INDEX temporary_land_use_geom ON temporary_land_use USING gist (geom);

-- 设施农业用地备案 (Facility agriculture registration)
CREATE TABLE facility_agriculture (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    bah text NOT NULL,
    xzmc text,
    barq date NOT NULL,
    sslx text,
    mj double precision,
    sjrkrq date,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX facility_agriculture_version_key ON facility_agriculture (version_id, bah);
CREATE INDEX facility_agriculture_geom ON facility_agriculture USING gist (geom);

-- 永久基本农田 (Permanent basic farmland)
CREATE TABLE permanent_basic_farmland (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    bsm text NOT NULL,
    dlbm text,
    mj double precision,
    hdnd integer,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX permanent_basic_farmland_version_key ON permanent_basic_farmland (version_id, bsm);
CREATE INDEX permanent_basic_farmland_geom ON permanent_basic_farmland USING gist (geom);

-- 生态保护红线 (Ecological red line)
CREATE TABLE ecological_red_line (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    bsm text NOT NULL,
    hxlx text,
    hxmc text,
    mj double precision,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX ecological_red_line_version_key ON ecological_red_line (version_id, bsm);
CREATE INDEX ecological_red_line_geom ON ecological_red_line USING gist (geom);

-- 三调/年度变更调查 地类图斑 (Land-use survey polygon)
CREATE TABLE land_use (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    bsm text NOT NULL,
    tbbh text,
    dlbm text NOT NULL,
    dlmc text,
    qsxz text,
    qsdwdm text,
    qsdwmc text,
    zldwdm text,
    zldwmc text,
    tbmj double precision,
    czcsxm text,
    sjnf integer NOT NULL,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX land_use_version_key ON land_use (version_id, bsm);
CREATE INDEX land_use_geom ON land_use USING gist (geom);

-- 宗地 (Registered parcel)
CREATE TABLE registered_parcel (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    bsm text NOT NULL,
    zddm text NOT NULL,
    bdcdyh text,
    qllx text,
    qlxz text,
    qlr text,
    zl text,
    yt text,
    zdmj double precision,
    syqqsrq date,
    syqjsrq date,
    bdcqzh text,
    djsj date,
    jzdjd integer,
    qszt text,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX registered_parcel_version_key ON registered_parcel (version_id, bsm);
CREATE INDEX registered_parcel_geom ON registered_parcel USING gist (geom);

-- 卫片图斑 (Change spot)
CREATE TABLE change_spot (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    jcbh text NOT NULL,
    xzqdm text,
    xmc text,
    tblx text,
    tz text,
    qsx date NOT NULL,
    hsx date NOT NULL,
    xfpc text,
    xfrq date,
    mj double precision,
    dlbm text,
    dlmc text,
    sfyn boolean,
    sfhx boolean,
    pdjg text,
    pdyj text,
    hcrq date,
    lah text,
    zgzt text,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX change_spot_version_key ON change_spot (version_id, jcbh);
CREATE INDEX change_spot_geom ON change_spot USING gist (geom);

-- 影像 (Imagery scene)
CREATE TABLE imagery_scene (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES layer_version (id),
    scene_id text NOT NULL,
    sensor text,
    acq_date date NOT NULL,
    resolution_m double precision,
    cloud_pct double precision,
    tile_source text,
    geom geometry(MultiPolygon, 4490) NOT NULL
);
CREATE UNIQUE INDEX imagery_scene_version_key ON imagery_scene (version_id, scene_id);
CREATE INDEX imagery_scene_geom ON imagery_scene USING gist (geom);
