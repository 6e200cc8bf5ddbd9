#!/usr/bin/env bash
# Writes golden files with an OLDER LayerLab build, for OldFilesTest (engine) and OldBundlesPredictTest (app):
#   git worktree add --detach /tmp/old <commit> && (cd /tmp/old && ./mvnw -o -B -q -DskipTests package)
#   engine/src/test/resources/golden/make-golden.sh /tmp/old engine/src/test/resources/golden/<short commit>
# What it writes, each a few KB: the iris classifier trained 3 epochs (its bundle as train writes it, with the state to
# go on; the same exported as the model alone; its weights; its project as the bundle holds it; the metrics log and the
# runs history), then the old build's predictions on inputs.csv as raw float32 outputs (predict --output .npy), which the
# current build must reproduce. With a build that has the two-headed penguins sample, the same for it (per-head outputs).
set -euo pipefail
old=$(cd "$1" && pwd); out=$(mkdir -p "$2" && cd "$2" && pwd)
home=$(mktemp -d); trap 'rm -rf "$home"' EXIT
ll() { (cd "$old" && LAYERLAB_JAVA_OPTS="-Duser.home=$home" ./layerlab "$@"); }
here=$(cd "$(dirname "$0")" && pwd)
git -C "$old" rev-parse HEAD > "$out/COMMIT"
ll --version > "$out/VERSION.txt" 2>&1 || true

gen() { # name sample epochs inputs.csv
  local name=$1 sample=$2 epochs=$3 inputs=$4
  cp "$old/sample-projects/$sample" "$home/$name.json"
  ll train "$home/$name.json" --epochs "$epochs" --save-bundle "$out/$name.llab" --metrics "$out/$name-metrics.jsonl" \
      > "$out/$name-train.txt" 2>&1
  ll export "$out/$name.llab" --format llab -o "$out/$name-model.llab" > /dev/null
  ll export "$out/$name.llab" --format safetensors -o "$out/$name.safetensors" > /dev/null
  unzip -p "$out/$name.llab" project.json > "$out/$name-project.json"
  cp "$inputs" "$out/$name-inputs.csv"
  ll predict "$out/$name.llab" --input "$out/$name-inputs.csv" --output "$out/$name-predicted.npy" > /dev/null
  ll predict "$out/$name.llab" --input "$out/$name-inputs.csv" > "$out/$name-predicted.txt"
  # The runs history train kept for the project (~/.layerlab/runs/<hash>.json), with the project path it names.
  cp "$home"/.layerlab/runs/*.json "$out/$name-runs.json"
  rm -f "$home"/.layerlab/runs/*.json
}
gen iris iris.json 3 "$here/iris-inputs.csv"
if [[ -f "$old/sample-projects/penguins-two-heads.json" ]]; then
  gen penguins2 penguins-two-heads.json 2 "$here/penguins-inputs.csv"
fi
ls -l "$out"
