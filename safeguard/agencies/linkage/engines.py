"""Where Splink runs: DuckDB (one authority, in this process) or Spark (a region or the nation).

The saved model (`LinkageModel.settings`) is one Splink settings JSON whose SQL is written in
DuckDB's dialect, the dialect it was trained and tested in. This module is the one place that
makes a Splink database API and hands it that JSON in the dialect the engine reads:

- **DuckDB**: the JSON as it is, on an in-memory database of its own.
- **Spark**: each SQL condition (comparison levels, blocking rules) is parsed as DuckDB SQL
  and written out as Spark SQL with sqlglot, so `"name"` becomes the column `` `name` `` (Spark
  reads `"name"` as a string literal: every score would be silently wrong), and the
  functions whose meaning differs between the two engines are rendered explicitly:

  - `jaro_winkler_similarity` / `jaro_similarity`: Spark 4.3's built-in and the UDF jar that
    ships inside the Splink wheel count an odd number of out-of-order matches as half a
    transposition and always add the Winkler bonus; DuckDB rounds down, adds the bonus only
    above 0.7, in one rounding, and compares UTF-8 bytes. On 70,000 generated name pairs they
    disagreed on 2%, and 50 to 123 pairs fell on the other side of one of the model's
    thresholds (0.8, 0.88, 0.9, 0.92): scores silently wrong again. They become
    `safeguard_jaro_winkler` / `safeguard_jaro`: `DuckDBSimilarity.java`, DuckDB's algorithm
    step for step, compiled when Spark starts by the Janino compiler inside Spark and
    registered on the session (the Splink jar is not loaded at all);
  - `levenshtein`: DuckDB counts edits of UTF-8 bytes, Spark of characters (an accented
    letter is two edits in one, one in the other): `safeguard_levenshtein`, from the same file;
  - `list_has_any`: sqlglot writes it as `a && b`, which Spark cannot parse: `arrays_overlap`.

  Every rendered condition is checked before use: it must parse as Spark SQL, read the same
  columns as the DuckDB one, and call no function whose Spark meaning is not DuckDB's. A
  condition that fails is refused with the comparison and level it belongs to, never run.

`SAFEGUARD_LINKAGE_ENGINE` ("duckdb", the default, or "spark") chooses the engine for batch
linking and training. Spark runs in local mode unless the process already has a Spark session
(spark-submit, a cluster's notebook), whose settings are then used as they are.
"""

from __future__ import annotations

import atexit
import copy
import gc
import math
import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

DUCKDB = "duckdb"
SPARK = "spark"
ENGINES = (DUCKDB, SPARK)

ENGINE_UNKNOWN = "SAFEGUARD_LINKAGE_ENGINE is {value!r}; it must be one of: " + ", ".join(ENGINES)
PYSPARK_MISSING = (
    "Linking on Spark needs the pyspark package, which is not installed in this environment: "
    "install it (`uv sync` installs it with the development tools) or set "
    "SAFEGUARD_LINKAGE_ENGINE=duckdb"
)
JAVA_MISSING = (
    "Linking on Spark needs Java 17 or later, and none was found: install a Java runtime "
    "(apt-get install openjdk-17-jre-headless) or set JAVA_HOME, or set "
    "SAFEGUARD_LINKAGE_ENGINE=duckdb"
)
SPARK_DID_NOT_START = (
    "Spark could not start its Java process ({detail}); Spark 4 needs Java 17 or later "
    "(check `java -version` and JAVA_HOME)"
)
CANNOT_RENDER = "The model's {where} cannot be run on Spark: {problem}. SQL: {sql}"

# Spark's own functions with these names exist (built in, or in the Splink jar) but do not
# compute what DuckDB computes, so a condition still calling one after rendering is refused.
_DIVERGENT = frozenset(
    {
        "jaro_winkler_similarity",
        "jarowinkler_similarity",
        "jaro_similarity",
        "jaro_winkler",
        "jaro_sim",
        "levenshtein",
        "damerau_levenshtein",
        "jaccard",
        "cosine_distance",
        "dmetaphone",
        "dmetaphonealt",
        "qgramtokeniser",
    }
)


class EngineError(Exception):
    """The chosen engine cannot run, or cannot run the saved model; the message says why and
    how to fix it."""


def engine_in_use() -> str:
    """The engine named by the `SAFEGUARD_LINKAGE_ENGINE` setting (or environment variable)."""
    from django.conf import settings

    value = getattr(settings, "SAFEGUARD_LINKAGE_ENGINE", None)
    if value is None:
        value = os.environ.get("SAFEGUARD_LINKAGE_ENGINE", DUCKDB)
    name = str(value).strip().lower() or DUCKDB
    if name not in ENGINES:
        raise EngineError(ENGINE_UNKNOWN.format(value=value))
    return name


# --- Rendering the saved SQL for an engine -------------------------------------------------


# The saved SQL's string measures, and the Spark functions (DuckDBSimilarity.java) that
# compute them as DuckDB does: name -> (class, Spark type of the result).
SPARK_JARO_WINKLER = "safeguard_jaro_winkler"
SPARK_JARO = "safeguard_jaro"
SPARK_LEVENSHTEIN = "safeguard_levenshtein"
_JAVA_SOURCE = Path(__file__).with_name("DuckDBSimilarity.java")
_JAVA_FUNCTIONS = {
    SPARK_JARO_WINKLER: ("safeguard.linkage.DuckDBSimilarity$JaroWinkler", "DoubleType"),
    SPARK_JARO: ("safeguard.linkage.DuckDBSimilarity$Jaro", "DoubleType"),
    SPARK_LEVENSHTEIN: ("safeguard.linkage.DuckDBSimilarity$Levenshtein", "IntegerType"),
}


def _to_spark(node: Any) -> Any:
    """One DuckDB expression node as its Spark equivalent, where sqlglot's own is wrong."""
    from sqlglot import exp

    def call(name: str, args: list[Any]) -> Any:
        return exp.Anonymous(this=name, expressions=args)

    if isinstance(node, exp.JarowinklerSimilarity):
        return call(SPARK_JARO_WINKLER, [node.this, node.expression])
    extra = {key: value for key, value in node.args.items() if key not in ("this", "expression")}
    if isinstance(node, exp.Levenshtein) and not any(extra.values()):
        return call(SPARK_LEVENSHTEIN, [node.this, node.expression])
    if isinstance(node, exp.ArrayOverlaps):
        return call("arrays_overlap", [node.this, node.expression])
    if isinstance(node, exp.Anonymous):
        name = node.name.lower()
        if name == "jaro_winkler_similarity":
            return call(SPARK_JARO_WINKLER, list(node.expressions))
        if name == "jaro_similarity":
            return call(SPARK_JARO, list(node.expressions))
        if name in ("list_has_any", "array_has_any"):
            return call("arrays_overlap", list(node.expressions))
    return node


def _columns_read(sql: str, dialect: str) -> set[str]:
    from splink.internals.parse_sql import get_columns_used_from_sql

    columns_used: Any = get_columns_used_from_sql  # untyped in Splink
    return {str(c).lower() for c in columns_used(sql, sqlglot_dialect=dialect)}


def render_sql(sql: str, engine: str, *, where: str = "SQL condition") -> str:
    """A condition of the saved model (DuckDB SQL) as the engine's SQL. `where` names it in
    the error a condition that cannot be rendered raises."""
    if engine == DUCKDB or sql.strip().upper() == "ELSE":
        return sql
    if engine != SPARK:
        raise EngineError(ENGINE_UNKNOWN.format(value=engine))
    try:
        return _spark_sql(sql)
    except _Unrenderable as problem:
        raise EngineError(CANNOT_RENDER.format(where=where, problem=problem, sql=sql)) from None


class _Unrenderable(Exception):
    pass


@lru_cache(maxsize=1024)
def _spark_sql(sql: str) -> str:
    # Cached: a model's few dozen conditions are parsed once per process, not per file.
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        tree = sqlglot.parse_one(sql, read="duckdb").transform(_to_spark)
        rendered: str = tree.sql(dialect="spark")
        # What Splink will do with it: read it as Spark SQL (and write it out again).
        again = sqlglot.parse_one(rendered, read="spark")
    except SqlglotError as error:
        raise _Unrenderable(str(error).splitlines()[0]) from error
    divergent = sorted({f.name.lower() for f in again.find_all(exp.Anonymous)} & _DIVERGENT)
    if divergent:
        raise _Unrenderable(
            f"{', '.join(divergent)} gives other results on Spark than on DuckDB, and "
            "engines.py has no Spark rendering of it"
        )
    if _columns_read(sql, "duckdb") != _columns_read(rendered, "spark"):
        raise _Unrenderable(
            "the Spark SQL would read other columns than the DuckDB SQL "
            f"({sorted(_columns_read(rendered, 'spark'))})"
        )
    return rendered


def render_settings(settings: dict[str, Any], engine: str) -> dict[str, Any]:
    """A copy of saved Splink settings with every SQL condition in the engine's dialect."""
    if engine == DUCKDB:
        return copy.deepcopy(settings)
    if engine != SPARK:
        raise EngineError(ENGINE_UNKNOWN.format(value=engine))
    rendered = copy.deepcopy(settings)
    rendered["sql_dialect"] = engine
    for comparison in rendered.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            where = (
                f"{comparison.get('output_column_name', 'comparison')} level "
                f"{level.get('label_for_charts') or level['sql_condition']!r}"
            )
            level["sql_condition"] = render_sql(level["sql_condition"], engine, where=where)
    rules: list[Any] = []
    for n, rule in enumerate(rendered.get("blocking_rules_to_generate_predictions", []), 1):
        where = f"blocking rule {n}"
        if isinstance(rule, str):
            rules.append(render_sql(rule, engine, where=where))
        else:
            rule = dict(rule)
            rule["blocking_rule"] = render_sql(rule["blocking_rule"], engine, where=where)
            if "sql_dialect" in rule:
                rule["sql_dialect"] = engine
            rules.append(rule)
    if "blocking_rules_to_generate_predictions" in rendered:
        rendered["blocking_rules_to_generate_predictions"] = rules
    return rendered


# --- Spark ---------------------------------------------------------------------------------

_spark_lock = threading.Lock()
_spark: Any = None  # the session linkage uses (its own, on the process's Spark)
_spark_active = 0  # linkers open on it; its cache is cleared when none is

# Spark started here runs on this machine's cores: settings for files of thousands to a
# hundred thousand rows rather than a cluster's terabytes. Spark's default of 200 partitions
# per shuffle, and adaptive re-planning of every stage, cost longer than the linking itself;
# tables of tens of megabytes are sent whole to the join rather than sorted and shuffled.
_LOCAL_CONF = {
    "spark.sql.shuffle.partitions": str(max(2, os.cpu_count() or 2)),
    "spark.default.parallelism": str(max(2, os.cpu_count() or 2)),
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.autoBroadcastJoinThreshold": str(64 * 1024 * 1024),
    "spark.driver.memory": "2g",
}

# Splink filters its predictions on match_probability. Spark pushes that filter below the
# projection that computes it, so every comparison of every pair was computed twice, in a
# plan too large to compile: 15 s of CPU instead of 2 s for 134,000 pairs.
_SESSION_CONF = {
    "spark.sql.optimizer.excludedRules": (
        "org.apache.spark.sql.catalyst.optimizer.PushDownPredicates"
    ),
}

_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


def _java_found() -> bool:
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return True
    return shutil.which("java") is not None


def _start_local_spark(scratch: str) -> Any:
    from pyspark.sql import SparkSession

    if not _java_found():
        raise EngineError(JAVA_MISSING)
    log_config = os.path.join(scratch, "log4j2.properties")
    with open(log_config, "w") as handle:
        handle.write(_LOG4J)
    java_options = f"-Djava.io.tmpdir={scratch} -Dlog4j2.configurationFile=file:{log_config}"
    builder = (
        SparkSession.builder.master(f"local[{os.cpu_count() or 2}]")
        .appName("safeguard-linkage")
        .config("spark.driver.extraJavaOptions", java_options)
        .config("spark.executor.extraJavaOptions", java_options)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.local.dir", os.path.join(scratch, "local"))
        .config("spark.sql.warehouse.dir", os.path.join(scratch, "warehouse"))
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.log.structuredLogging.enabled", "false")
    )
    for key, value in _LOCAL_CONF.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as error:  # pyspark raises its own runtime errors when Java fails
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise EngineError(SPARK_DID_NOT_START.format(detail=detail)) from error
    session.sparkContext.setLogLevel("ERROR")
    # Splink writes each intermediate table there and reads it back (its default): plans
    # stay small. Each linker deletes its own on the way out.
    session.sparkContext.setCheckpointDir(os.path.join(scratch, "checkpoints"))
    atexit.register(session.stop)
    return session


def _register_duckdb_similarity(session: Any, scratch: str) -> None:
    """Compile DuckDBSimilarity.java with the Janino compiler inside Spark (no JDK needed),
    add it to the session as a jar, and register its functions."""
    import zipfile

    jvm = session._jvm
    gateway = session.sparkContext._gateway
    resources = jvm.org.codehaus.commons.compiler.util.resource
    classes = jvm.java.util.HashMap()
    compiler = jvm.org.codehaus.janino.Compiler()
    compiler.setClassFileCreator(resources.MapResourceCreator(classes))
    sources = gateway.new_array(resources.Resource, 1)
    sources[0] = resources.StringResource(_JAVA_SOURCE.name, _JAVA_SOURCE.read_text())
    compiler.compile(sources)
    jar = os.path.join(scratch, "safeguard-duckdb-similarity.jar")
    with zipfile.ZipFile(jar, "w") as archive:
        for name in classes.keySet():
            archive.writestr(name, bytes(classes.get(name)))
    session.sql(f"ADD JAR '{jar}'")
    loader = session._jsparkSession.sharedState().jarClassLoader()
    no_types = gateway.new_array(jvm.java.lang.Class, 0)
    no_values = gateway.new_array(jvm.java.lang.Object, 0)
    for name, (class_name, result) in _JAVA_FUNCTIONS.items():
        function = (
            jvm.java.lang.Class.forName(class_name, True, loader)
            .getDeclaredConstructor(no_types)
            .newInstance(no_values)
        )
        # An instance, not a class name: Spark reads a UDF's types from generic
        # signatures, which Janino does not write.
        session._jsparkSession.udf().register(
            name, function, getattr(jvm.org.apache.spark.sql.types.DataTypes, result)
        )


def spark_session() -> Any:
    """The Spark session linkage runs on: its own session (own settings, views and functions)
    on the process's Spark, which is started in local mode unless the process already runs
    one (spark-submit, a cluster's notebook)."""
    global _spark
    with _spark_lock:
        if _spark is not None and _spark.sparkContext._jsc is not None:
            return _spark
        try:
            from pyspark.sql import SparkSession
        except ImportError as error:
            raise EngineError(PYSPARK_MISSING) from error
        # Everything Spark writes for linkage (shuffle files, spilled blocks, its warehouse,
        # the compiled functions) goes under one temporary folder, removed when the process
        # ends: never in the repository or the working directory.
        scratch = tempfile.mkdtemp(prefix="safeguard-spark-")
        atexit.register(shutil.rmtree, scratch, True)
        base = SparkSession.getActiveSession() or _start_local_spark(scratch)
        session = base.newSession()
        for key, value in _SESSION_CONF.items():
            session.conf.set(key, value)
        _register_duckdb_similarity(session, scratch)
        _spark = session
        return session


def _column_values(column: pd.Series) -> list[Any]:
    """A column's values as Python objects, a missing number (NaN) as None."""
    values: list[Any] = column.tolist()
    if column.dtype.kind == "f":
        return [None if math.isnan(v) else v for v in values]
    return values


def _spark_type(values: list[Any], dtype: Any) -> str:
    kinds = {type(value) for value in values if value is not None}
    if not kinds:  # no row fills it: what pandas was told it holds
        kind = getattr(dtype, "kind", "O")
        return {"f": "double", "i": "long", "u": "long", "b": "boolean"}.get(kind, "string")
    if kinds <= {list, tuple}:
        return "array"
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    # Text, or ids that are numbers in one table and text in another: compared as text.
    return "string"


def _spark_frames(spark: Any, tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """Spark DataFrames from pandas ones, each column typed alike in every table: Spark
    cannot infer a type from a column no row fills, and Splink stacks the tables into one."""
    import pyarrow as pa  # type: ignore[import-untyped]

    arrow_types = {
        "array": pa.list_(pa.string()),
        "boolean": pa.bool_(),
        "long": pa.int64(),
        "double": pa.float64(),
        "string": pa.string(),
    }
    columns: dict[str, dict[str, list[Any]]] = {}
    for table_name, frame in tables.items():
        columns[table_name] = {name: _column_values(frame[name]) for name in frame.columns}
    kinds: dict[str, str] = {}
    for name in {name for frame in tables.values() for name in frame.columns}:
        values = [v for table in columns.values() for v in table.get(name, [])]
        dtype = next(frame[name].dtype for frame in tables.values() if name in frame.columns)
        kinds[name] = _spark_type(values, dtype)
    frames = {}
    for table_name, table in columns.items():
        arrays = []
        for name, values in table.items():
            if kinds[name] == "string" and any(not isinstance(v, str) for v in values if v):
                values = [None if v is None else str(v) for v in values]
            arrays.append(pa.array(values, type=arrow_types[kinds[name]]))
        frames[table_name] = spark.createDataFrame(pa.table(arrays, names=list(table)))
    return frames


# --- A Splink linker on the chosen engine ---------------------------------------------------


@dataclass
class _Opened:
    engine: str
    db: Any
    settings: dict[str, Any]  # as saved: DuckDB SQL
    views: list[str] = field(default_factory=list)  # Spark views registered for it


_opened: weakref.WeakKeyDictionary[Any, _Opened] = weakref.WeakKeyDictionary()


def _state(linker: Any) -> _Opened:
    state = _opened.get(linker)
    if state is None:
        raise EngineError("Expected a linker made by engines.splink_linker")
    return state


@contextmanager
def splink_linker(
    tables: Mapping[str, pd.DataFrame],
    settings: dict[str, Any],
    *,
    engine: str | None = None,
) -> Iterator[Any]:
    """A Splink `Linker` over `tables` (registered in this order, each under its name, so
    the first is Splink's `l` side) with the saved `settings` rendered for `engine` (default:
    `engine_in_use()`). Everything it created is dropped on the way out."""
    engine = engine or engine_in_use()
    if engine == DUCKDB:
        with _duckdb_linker(tables, settings) as linker:
            yield linker
    elif engine == SPARK:
        with _spark_linker(tables, settings) as linker:
            yield linker
    else:
        raise EngineError(ENGINE_UNKNOWN.format(value=engine))


def register_table(linker: Any, frame: pd.DataFrame, table_name: str) -> Any:
    """Register one more table (a lookup such as a term-frequency table) on the linker's
    database; returns Splink's handle for it."""
    state = _state(linker)
    if state.engine == DUCKDB:
        return state.db.register(frame, table_name=table_name)
    view = f"{table_name}_{state.db.id}"
    spark_frame = _spark_frames(state.db.spark, {table_name: frame})[table_name]
    spark_frame.createOrReplaceTempView(view)
    state.views.append(view)
    return state.db.register(view, table_name=table_name)


@contextmanager
def _duckdb_linker(tables: Mapping[str, pd.DataFrame], settings: dict[str, Any]) -> Iterator[Any]:
    # Its own in-memory database, closed on the way out: left open, each one kept its tables
    # until the garbage collector found it, and a partner file scored a chunk at a time grew
    # by about 15 MB a chunk (bench/partner_import.py).
    import duckdb
    from splink import DuckDBAPI, Linker

    connection = duckdb.connect(":memory:")
    try:
        db = DuckDBAPI(connection=connection)
        linker = Linker(
            [
                db.register(frame, dataset_display_name=name, table_name=name)
                for name, frame in tables.items()
            ],
            settings,
        )
        _opened[linker] = _Opened(DUCKDB, db, settings)
        yield linker
    finally:
        connection.close()
        gc.collect()


def _checkpoint_folder(spark: Any) -> str | None:
    """Where Splink writes its intermediate tables, if this machine can delete them."""
    folder = spark.sparkContext._jsc.sc().getCheckpointDir()
    if folder.isEmpty():
        return None
    path = str(folder.get())
    return path.removeprefix("file:") if path.startswith(("file:/", "/")) else None


@contextmanager
def _spark_linker(tables: Mapping[str, pd.DataFrame], settings: dict[str, Any]) -> Iterator[Any]:
    global _spark_active
    rendered = render_settings(settings, SPARK)
    spark = spark_session()
    from splink import Linker
    from splink.backends.spark import SparkAPI

    checkpoints = _checkpoint_folder(spark)
    # Intermediate tables written out and read back (Splink's way on Spark) where there is a
    # folder for them; kept in memory otherwise. The Splink jar's functions are not
    # registered: its string measures are not DuckDB's (see the module docstring).
    make_api: Any = SparkAPI  # untyped in Splink
    db = make_api(
        spark_session=spark,
        break_lineage_method="parquet" if checkpoints else "persist",
        register_udfs_automatically=False,
    )
    state = _Opened(SPARK, db, settings)
    with _spark_lock:
        _spark_active += 1
    try:
        inputs = []
        for name, frame in _spark_frames(spark, tables).items():
            # The session's views are shared by every linker on it: each gets its own names.
            view = f"{name}_{db.id}"
            frame.createOrReplaceTempView(view)
            state.views.append(view)
            inputs.append(db.register(view, dataset_display_name=name, table_name=name))
        linker = Linker(inputs, rendered)
        _opened[linker] = state
        yield linker
    finally:
        with _spark_lock:
            _spark_active -= 1
            last = _spark_active == 0
        # The cache first: a view dropped while cached is uncached by checking every cached
        # plan against it, which took 17 s at the end of a 3,000-row file.
        if last:
            spark.catalog.clearCache()
        written = list(db._created_tables)  # Splink's record of the tables it made
        db.delete_tables_created_by_splink_from_db()
        for view in state.views:
            spark.catalog.dropTempView(view)
        if checkpoints:
            # The people linked are not left on disk after the linker is done with them.
            for table in written:
                shutil.rmtree(os.path.join(checkpoints, table), ignore_errors=True)


def saved_model(linker: Any) -> dict[str, Any]:
    """The trained model as it is saved: Splink's JSON with its m and u (and anything else
    it learnt), its SQL the saved settings' own (DuckDB), whichever engine trained it."""
    state = _state(linker)
    trained: dict[str, Any] = linker.misc.save_model_to_json()
    if state.engine == DUCKDB:
        return trained
    source = state.settings
    trained["sql_dialect"] = source.get("sql_dialect", DUCKDB)
    comparisons = trained["comparisons"]
    given = source["comparisons"]
    if [c["output_column_name"] for c in comparisons] != [c["output_column_name"] for c in given]:
        raise EngineError("Splink returned other comparisons than it was given")
    for comparison, original in zip(comparisons, given, strict=True):
        for level, source_level in zip(
            comparison["comparison_levels"], original["comparison_levels"], strict=True
        ):
            level["sql_condition"] = source_level["sql_condition"]
            if "label_for_charts" in source_level:
                level["label_for_charts"] = source_level["label_for_charts"]
    trained["blocking_rules_to_generate_predictions"] = copy.deepcopy(
        source.get("blocking_rules_to_generate_predictions", [])
    )
    return trained
