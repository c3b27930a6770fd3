import json

from sensemaking import evaluate
from tests.sensemaking.conftest import DATA


def test_evaluate_prints_one_json_line(tmp_path, capsys):
    # A small file in the required format: the first three themes of our own check set.
    texts, cats = evaluate.read_tsv(DATA / "heldout_nl.tsv")
    path = tmp_path / "small.tsv"
    keep = [i for i, c in enumerate(cats) if c in {"wachtlijst", "scheiding", "geld_armoede"}]
    lines = ["index_id\tcategory\ttext"] + [f"{i}\t{cats[i]}\t{texts[i]}" for i in keep]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert evaluate.main([str(path), "--draws", "2", "--models", "use"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    figures = json.loads(out[0])
    for key in (
        "n",
        "k_true",
        "k_auto",
        "ari_k",
        "nmi_k",
        "ari_auto",
        "nmi_auto",
        "unassigned_share",
        "seeded_accuracy",
        "seconds",
    ):
        assert key in figures
    assert figures["n"] == 30 and figures["k_true"] == 3
    assert -1.0 <= figures["ari_k"] <= 1.0 and 0.0 <= figures["seeded_accuracy"] <= 1.0
    assert figures["ari_k"] > 0.1
    # The suggestion figures, each with its spread, also when people name their themes.
    for part in (figures, figures["named"]):
        for key in ("top3_accuracy", "confident_precision", "confident_coverage", "first_accuracy"):
            assert f"{key}_sd" in part and (part[key] != part[key] or 0.0 <= part[key] <= 1.0)
        assert set(part["learning_curve"]) == {"engine", "random"}
        for order in ("engine", "random"):
            assert set(part["learning_curve"][order]) == {"1", "2", "4", "6"}
            assert set(part["learning_curve_sd"][order]) == {"1", "2", "4", "6"}
    assert figures["draws"] == 2 and figures["models"] == "use+use/lemmas"
