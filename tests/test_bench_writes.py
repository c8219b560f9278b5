"""The write benchmark runs end to end (a real server, a real worker, a real webhook receiver) and checks
every acknowledged write. Its figures are not asserted here: timings live in bench/, never in tests."""

import json
import os
import subprocess
import sys
from pathlib import Path


def test_bench_writes_checks_every_acknowledged_write(tmp_path):
    env = {**os.environ, "TOWNSQUARE_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    out = tmp_path / "writes.json"
    subprocess.run([str(Path(sys.executable).parent / "townsquare"), "bench", "writes", "--people", "30",
                    "--writers", "2", "--seconds", "2", "--json", str(out)],
                   env=env, check=True, timeout=600, capture_output=True)
    result = json.loads(out.read_text())
    for key in ("writes_rps", "writes_p95_ms", "write_errors", "lost", "side_effect_lag_p95_s"):
        assert key in result, key
    assert sum(result["acknowledged"].values()) > 0
    assert result["lost"] == 0 and result["write_errors"] == 0 and result["webhooks_missing"] == 0
