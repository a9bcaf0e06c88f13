"""One saved model, two engines: the DuckDB SQL rendered for Spark, and Spark in local mode
giving the same candidate pairs, match weights and decisions as DuckDB.

The rendering tests run anywhere. The `spark` tests start Spark in local mode, once for the
module (Java 17 and pyspark are needed: without them they fail, saying which is missing);
they run in `make test` like every other test.
"""

import random
import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from django.db import transaction
from django.test import override_settings

from safeguard.agencies.linkage import engines, splink_model
from safeguard.agencies.linkage.corruption import corrupt_person
from safeguard.agencies.linkage.engines import EngineError, render_settings, render_sql
from safeguard.agencies.linkage.scoring import check_settings
from safeguard.agencies.linkage.services import (
    person_link_batch,
    prepare_incoming,
)
from safeguard.agencies.linkage.types import IncomingPerson

from .fixtures import fixture_index, fixture_settings, install_fixture_model
from .population import load_population, synthetic_people

SOURCE = "Northbridge Primary School"


# --- Rendering (no Spark needed) ---------------------------------------------------------


def test_quoted_columns_stay_columns_on_spark_not_string_literals():
    assert render_sql('"first_name_l" = "first_name_r"', "spark") == (
        "`first_name_l` = `first_name_r`"
    )


def test_duckdbs_list_functions_become_sparks_own():
    assert render_sql('list_has_any("parts_l", "parts_r")', "spark") == (
        "ARRAYS_OVERLAP(`parts_l`, `parts_r`)"
    )
    assert render_sql("list_contains(l.variant_keys, r.key)", "spark") == (
        "ARRAY_CONTAINS(l.variant_keys, r.key)"
    )


def test_string_similarity_becomes_the_function_that_computes_it_as_duckdb_does():
    rendered = render_sql('jaro_winkler_similarity("first_name_l", "last_name_r") >= 0.88', "spark")
    # Spark's function names are not case-sensitive; sqlglot writes them in capitals.
    assert rendered == "SAFEGUARD_JARO_WINKLER(`first_name_l`, `last_name_r`) >= 0.88"
    assert render_sql("jaro_similarity(a_l, a_r) > 0.9", "spark") == (
        "SAFEGUARD_JARO(a_l, a_r) > 0.9"
    )
    assert render_sql('levenshtein("upn_l", "upn_r") <= 2', "spark") == (
        "SAFEGUARD_LEVENSHTEIN(`upn_l`, `upn_r`) <= 2"
    )


def test_duckdb_sql_is_left_as_it_is_for_duckdb():
    sql = 'list_has_any("parts_l", "parts_r")'
    assert render_sql(sql, "duckdb") == sql
    assert render_sql("ELSE", "spark") == "ELSE"


def test_a_function_spark_computes_differently_is_refused_naming_the_level():
    settings = fixture_settings()
    settings["comparisons"][0]["comparison_levels"][4]["sql_condition"] = (
        'damerau_levenshtein("first_name_l", "first_name_r") <= 1'
    )
    label = settings["comparisons"][0]["comparison_levels"][4]["label_for_charts"]
    with pytest.raises(EngineError) as refused:
        render_settings(settings, "spark")
    assert f"first_name level {label!r}" in str(refused.value)
    assert "damerau_levenshtein gives other results on Spark" in str(refused.value)


def test_sql_that_does_not_parse_is_refused_naming_the_blocking_rule():
    settings = fixture_settings()
    settings["blocking_rules_to_generate_predictions"][1]["blocking_rule"] = "l.upn = = r.upn"
    with pytest.raises(EngineError, match="blocking rule 2 cannot be run on Spark"):
        render_settings(settings, "spark")


def test_the_saved_model_renders_whole_and_is_not_changed():
    saved = fixture_settings()
    rendered = render_settings(saved, "spark")
    assert saved == fixture_settings()  # one JSON, still DuckDB's
    assert rendered["sql_dialect"] == "spark"
    conditions = [
        level["sql_condition"]
        for comparison in rendered["comparisons"]
        for level in comparison["comparison_levels"]
    ] + [rule["blocking_rule"] for rule in rendered["blocking_rules_to_generate_predictions"]]
    assert not any('"' in sql for sql in conditions)
    assert not any("jaro_winkler_similarity" in sql.lower() for sql in conditions)
    # Everything but the SQL is the saved model's: m, u, term frequencies, labels.
    for mine, theirs in zip(rendered["comparisons"], saved["comparisons"], strict=True):
        for level, source in zip(
            mine["comparison_levels"], theirs["comparison_levels"], strict=True
        ):
            assert {k: v for k, v in level.items() if k != "sql_condition"} == {
                k: v for k, v in source.items() if k != "sql_condition"
            }


def test_an_engine_not_offered_is_refused_with_the_choices():
    with (
        override_settings(SAFEGUARD_LINKAGE_ENGINE="oracle"),
        pytest.raises(EngineError, match="'oracle'; it must be one of: duckdb, spark"),
    ):
        engines.engine_in_use()


def test_duckdb_is_the_engine_unless_the_setting_says_otherwise():
    assert engines.engine_in_use() == "duckdb"
    with override_settings(SAFEGUARD_LINKAGE_ENGINE="Spark"):
        assert engines.engine_in_use() == "spark"


def test_without_java_spark_is_refused_saying_what_to_install(monkeypatch):
    monkeypatch.setattr(engines, "_spark", None)
    monkeypatch.setattr("pyspark.sql.SparkSession.getActiveSession", lambda: None)
    monkeypatch.setattr(engines, "_java_found", lambda: False)
    with pytest.raises(EngineError, match="needs Java 17 or later, and none was found"):
        engines.spark_session()


def test_without_pyspark_spark_is_refused_saying_what_to_install(monkeypatch):
    monkeypatch.setattr(engines, "_spark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # import fails as if not installed
    with pytest.raises(EngineError, match="needs the pyspark package"):
        engines.spark_session()


# --- On Spark ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark():
    # Fails (it does not skip) when Java or pyspark is missing, saying which.
    return engines.spark_session()


@pytest.fixture
def on_spark(monkeypatch):
    """Counts the Spark linkers made, so a test knows its work really ran on Spark."""
    made = []
    original = engines._spark_linker

    def counted(*args, **kwargs):
        made.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(engines, "_spark_linker", counted)
    return made


def _names(rng: random.Random, count: int) -> list[tuple[str | None, str | None]]:
    letters = "ABCDEHIJKLMNORSTUY"

    def typo(text: str) -> str:
        if not text:
            return rng.choice(letters)
        i = rng.randrange(len(text))
        kind = rng.randrange(4)
        if kind == 0:
            return text[:i] + rng.choice(letters) + text[i + 1 :]
        if kind == 1:
            return text[:i] + text[i + 1 :]
        if kind == 2:
            return text[:i] + rng.choice(letters) + text[i:]
        return text[:i] + text[i + 1 : i + 2] + text[i : i + 1] + text[i + 2 :]

    pairs: list[tuple[str | None, str | None]] = []
    for _ in range(count):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
        b = typo(typo(a)) if rng.random() < 0.7 else "".join(rng.sample(a, len(a)))
        pairs.append((a, b))
    # Two-word addresses, accented names (DuckDB compares UTF-8 bytes), the empty and nulls.
    pairs += [
        ("12 ACACIA AVE", "12 ACACIA AVENUE"),
        ("ÉMILE", "EMILE"),
        ("ZOË", "ZOE"),
        ("ŁUKASZ", "LUKASZ"),
        ("", ""),
        ("", "A"),
        (None, "A"),
        ("A", None),
    ]
    return pairs


@pytest.mark.spark
def test_spark_measures_strings_exactly_as_duckdb_does(spark):
    frame = pd.DataFrame(_names(random.Random(7), 5000), columns=["a", "b"])
    table = spark.createDataFrame(frame, "a string, b string")
    for function in ("jaro_winkler_similarity", "jaro_similarity", "levenshtein"):
        query = f"select {function}(a, b) from frame"  # noqa: S608 - one of three names above
        expected = duckdb.connect().execute(query).fetchall()
        measured = table.selectExpr(render_sql(f"{function}(a, b)", "spark")).collect()
        differ = [
            (a, b, want[0], got[0])
            for (a, b), want, got in zip(
                frame.itertuples(index=False), expected, measured, strict=True
            )
            if want[0] != got[0]
        ]
        assert differ == [], function  # to the last bit


def _file(people, rng: random.Random, known: int, strangers: int) -> list[IncomingPerson]:
    donors = [p.person for p in people[:200]]
    sent = [
        corrupt_person(p.person, rng, donors=donors, earlier_homes=p.earlier_homes)
        for p in rng.sample(people, known)
    ]
    return sent + [s.person for s in synthetic_people(strangers, seed=9001)]


def _pairs(frame: pd.DataFrame) -> dict[tuple[int, int], tuple[float, float]]:
    return {
        (int(left), int(right)): (float(weight), float(probability))
        for left, right, weight, probability in frame[
            ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
        ].itertuples(index=False)
    }


@pytest.mark.spark
def test_spark_blocks_the_same_pairs_and_weighs_them_as_duckdb_does(spark, on_spark):
    people = synthetic_people(3000, seed=1)
    index = fixture_index(3000, seed=1)  # the same people, prepared with their earlier homes
    rng = random.Random(3)
    incoming = [
        prepare_incoming(person, unique_id=n)
        for n, person in enumerate(_file(people, rng, known=400, strangers=100))
    ]
    settings = fixture_settings()
    scored = {}
    for engine in ("duckdb", "spark"):
        with override_settings(SAFEGUARD_LINKAGE_ENGINE=engine):
            scored[engine] = _pairs(
                splink_model.predict_pairs(
                    incoming, index, settings, threshold_match_probability=None
                )
            )
    assert on_spark, "predict_pairs did not run on Spark"
    assert len(scored["duckdb"]) > 5000  # every blocked pair, not just the likely ones
    assert scored["spark"].keys() == scored["duckdb"].keys()
    for pair, (weight, probability) in scored["duckdb"].items():
        assert scored["spark"][pair][0] == pytest.approx(weight, abs=1e-6), pair
        assert scored["spark"][pair][1] == pytest.approx(probability, abs=1e-9), pair


@pytest.mark.spark
@pytest.mark.django_db
def test_a_partner_file_is_decided_on_spark_as_on_duckdb(spark, on_spark, personas):
    install_fixture_model()
    people = synthetic_people(2000, seed=1)
    ids = load_population(people)
    incoming = _file(people, random.Random(5), known=250, strangers=50)
    outcomes = {}
    for engine in ("duckdb", "spark"):
        # Each engine links the file against the same index: what a run writes (new people,
        # reviews) is rolled back.
        with override_settings(SAFEGUARD_LINKAGE_ENGINE=engine), transaction.atomic():
            outcomes[engine] = person_link_batch(
                incomings=incoming, authority=personas.authority, source=SOURCE
            )
            transaction.set_rollback(True)
    assert on_spark, "person_link_batch did not run on Spark"
    known = set(ids.values())
    for duck, spark_outcome in zip(outcomes["duckdb"], outcomes["spark"], strict=True):
        assert spark_outcome.decision == duck.decision
        if duck.decision == "linked":
            assert spark_outcome.person_id == duck.person_id
            assert duck.person_id in known
        if duck.match_probability is None:
            assert spark_outcome.match_probability is None
        else:
            assert spark_outcome.match_probability == pytest.approx(
                duck.match_probability, abs=1e-9
            )
    decisions = [o.decision for o in outcomes["duckdb"]]
    assert decisions.count("linked") > 200 and decisions.count("new") >= 40


@pytest.mark.spark
def test_a_model_trained_on_spark_is_saved_as_the_same_duckdb_json(spark, on_spark):
    index = fixture_index(400, seed=2)
    trained = {}
    for engine in ("duckdb", "spark"):
        with override_settings(SAFEGUARD_LINKAGE_ENGINE=engine):
            trained[engine], _ = splink_model.train(index, seed=1, sample_size=150, u_max_pairs=1e4)
    assert on_spark, "train did not run on Spark"
    check_settings(trained["spark"])  # the code's own comparisons and SQL: usable online
    assert trained["spark"]["sql_dialect"] == "duckdb"
    for engine_comparisons in zip(
        trained["spark"]["comparisons"], trained["duckdb"]["comparisons"], strict=True
    ):
        spark_levels, duckdb_levels = (c["comparison_levels"] for c in engine_comparisons)
        for mine, theirs in zip(spark_levels, duckdb_levels, strict=True):
            assert mine["sql_condition"] == theirs["sql_condition"]
            # m comes from the labelled copies: the same on both engines (u is sampled).
            if not mine.get("is_null_level"):
                assert mine["m_probability"] == pytest.approx(theirs["m_probability"])


@pytest.mark.spark
def test_spark_writes_under_a_temporary_folder_not_the_repository(spark):
    temporary = Path(tempfile.gettempdir()).resolve()
    conf = spark.sparkContext.getConf()
    for key in ("spark.local.dir", "spark.sql.warehouse.dir"):
        assert Path(conf.get(key).removeprefix("file:")).resolve().is_relative_to(temporary)
    repository = Path(__file__).resolve().parents[4]
    assert not (repository / "spark-warehouse").exists()
    assert not (repository / "metastore_db").exists()
