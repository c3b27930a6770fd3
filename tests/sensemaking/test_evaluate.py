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
