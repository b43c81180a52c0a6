"""srbgraph rank: obstacles and measures by reach."""
from __future__ import annotations

import json


def test_obstacles_rank_by_the_goals_of_their_paths(srbgraph):
    # "Die stärkste Bremse, welche sich jedoch unabhängig von der Auswahl des Ziels zeigte, war die
    # Finanzierung des betriebserlaubnisrelevanten Personals durch das Sozialraumbudget." — a
    # collective statement, modelled once against the guiding goal (not copied to every action goal),
    # so its reach is the guiding goal; the worked path's brake reaches the two goals it brakes there
    result = srbgraph("rank", "--kind", "obstacle", "--format", "json", "--lang", "en")
    assert result.code == 0, result
    ranked = json.loads(result.out)
    by_id = {r["id"]: r for r in ranked}
    assert by_id["obstacle-be-personal-im-srb"]["goals"] == 1
    assert by_id["obstacle-unzureichende-personelle-finanzielle-ressourcen"]["goals"] == 3
    assert all(r["kind"] == "Obstacle" for r in ranked)
    assert ranked == sorted(ranked, key=lambda r: (-r["goals"], -r["betweenness"], r["label"].lower()))


def test_measures_and_top(srbgraph):
    result = srbgraph("rank", "--kind", "measure", "--top", "5")
    lines = result.out.splitlines()
    assert lines[0].split()[:3] == ["Art", "id", "Bezeichnung"]
    assert len(lines) == 2 + 5
    assert all(line.startswith("Maßnahme") for line in lines[2:])
