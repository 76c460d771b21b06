"""PM4Py side of `npm run bench:conformance`: token-based replay and alignment fitness of a PNML
net on an XES log, with wall-clock seconds of each (the log is loaded before timing)."""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import pm4py  # noqa: E402


def main(pnml_path: str, xes_path: str, phases: str) -> None:
    net, im, fm = pm4py.read_pnml(pnml_path)
    log = pm4py.read_xes(xes_path, return_legacy_log_object=True)
    out = {"pm4py": pm4py.__version__, "traces": len(log), "events": sum(len(t) for t in log)}
    if "token" in phases:
        t0 = time.perf_counter()
        tbr = pm4py.fitness_token_based_replay(log, net, im, fm)
        out["tokenSeconds"] = time.perf_counter() - t0
        out["tokenLogFitness"] = tbr["log_fitness"]
        out["tokenAverageTraceFitness"] = tbr["average_trace_fitness"]
    if "align" in phases:
        t0 = time.perf_counter()
        ali = pm4py.fitness_alignments(log, net, im, fm)
        out["alignSeconds"] = time.perf_counter() - t0
        out["alignLogFitness"] = ali["log_fitness"]
        out["alignAverageTraceFitness"] = ali["averageFitness"]
    print("PM4PY_RESULT " + json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "token,align")
