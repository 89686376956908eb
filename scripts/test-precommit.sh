#!/usr/bin/env bash
# The pre-commit hook of .pre-commit-hooks.yaml, run by the real pre-commit (PyPI, installed by
# scripts/setup.sh) from a throwaway git repository whose .pre-commit-config.yaml names this
# checkout as the hook repository (`repo:` its path, `rev:` its HEAD commit). `pre-commit install` puts the
# git hook in place and every case is a real `git commit`. Offline: pre-commit clones this
# checkout from its path, and the `system` hook runs the freshly built target/debug/ordinal.
#
# ORDINAL=/path/to/ordinal tests another binary (no build then).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

if [ -z "${ORDINAL:-}" ]; then
  cargo build --quiet -p ordinal-cli
  ORDINAL="${CARGO_TARGET_DIR:-$ROOT/target}/debug/ordinal"
fi
[ -x "$PRE_COMMIT_BIN" ] || { echo "pre-commit not found at $PRE_COMMIT_BIN: run scripts/setup.sh" >&2; exit 2; }
log "pre-commit: $("$PRE_COMMIT_BIN" --version) runs .pre-commit-hooks.yaml with $ORDINAL"
rev="$(git rev-parse HEAD)"
if ! git diff --quiet HEAD -- .pre-commit-hooks.yaml; then
  echo "note: pre-commit reads .pre-commit-hooks.yaml as committed in HEAD; commit your changes to test them" >&2
fi

tmp="$(mktemp -d -t ordinal-precommit.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

# The hook finds `ordinal` on PATH (language: system). Git and pre-commit see none of the
# user's configuration or cache: a global core.hooksPath would make `pre-commit install` refuse.
ordinal_dir="$tmp/bin"
mkdir -p "$ordinal_dir"
ln -s "$ORDINAL" "$ordinal_dir/ordinal"
export PATH="$ordinal_dir:$PATH"
export PRE_COMMIT_HOME="$tmp/cache" PRE_COMMIT_COLOR=never
export GIT_CONFIG_GLOBAL="$tmp/gitconfig" GIT_CONFIG_NOSYSTEM=1
git config --global user.name "ordinal test"
git config --global user.email "test@ordinal.invalid"
git config --global init.defaultBranch main
git config --global safe.directory '*'

work="$tmp/work"
git init --quiet "$work"
mkdir -p "$work/k8s"
cd "$work"

# A StatefulSet, its headless Service and its PodDisruptionBudget: no finding at `warning` or
# above when linted together.
cat >k8s/service.yaml <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: orders-db
spec:
  clusterIP: None
  selector:
    app: orders-db
  ports:
  - name: postgres
    port: 5432
EOF
cat >k8s/pdb.yaml <<'EOF'
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: orders-db
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: orders-db
EOF
statefulset() { # replicas, the pods' label
  cat >k8s/statefulset.yaml <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: orders-db
spec:
  serviceName: orders-db
  replicas: $1
  selector:
    matchLabels:
      app: orders-db
  template:
    metadata:
      labels:
        app: $2
    spec:
      containers:
      - name: postgres
        image: postgres:16.4
        ports:
        - name: postgres
          containerPort: 5432
        env:
        - name: POSTGRES_PASSWORD
          valueFrom:
            secretKeyRef:
              name: orders-db
              key: password
        - name: PGDATA
          value: /var/lib/postgresql/data/pgdata
        resources:
          requests:
            cpu: 500m
            memory: 1Gi
          limits:
            memory: 1Gi
        startupProbe:
          exec:
            command: ["pg_isready", "-U", "postgres"]
          failureThreshold: 30
          periodSeconds: 10
        livenessProbe:
          exec:
            command: ["pg_isready", "-U", "postgres"]
          periodSeconds: 10
        readinessProbe:
          exec:
            command: ["pg_isready", "-U", "postgres"]
          periodSeconds: 5
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 10Gi
EOF
}

# The configuration the README shows, with this checkout as the repository.
config() { # extra lines under the hook
  {
    printf 'repos:\n-   repo: %s\n    rev: %s\n    hooks:\n    -   id: ordinal-lint\n' "$ROOT" "$rev"
    [ $# -eq 0 ] || printf '        %s\n' "$@"
  } >.pre-commit-config.yaml
}

passed=0 failed=0
out="$tmp/out"
pass() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
fail() {
  failed=$((failed + 1))
  printf '  FAIL  %s: %s\n' "$1" "$2"
  sed 's/^/        | /' "$out"
}
commit() { # message; runs `git commit` through the installed hook, output in $out
  git commit --quiet -m "$1" >"$out" 2>&1
}
expect_refused() { # case, commit message, text the output must contain
  local head_before head_after
  head_before="$(git rev-parse -q --verify HEAD || true)"
  if commit "$2"; then
    fail "$1" "the commit went through"
    return
  fi
  head_after="$(git rev-parse -q --verify HEAD || true)"
  if [ "$head_before" != "$head_after" ]; then fail "$1" "HEAD moved"
  elif ! grep -q '^ordinal lint\.*Failed$' "$out"; then fail "$1" "no 'ordinal lint....Failed' line"
  elif ! grep -qF -- "$3" "$out"; then fail "$1" "the output lacks: $3"
  else pass "$1"
  fi
}
expect_committed() { # case, commit message
  if ! commit "$2"; then fail "$1" "the commit was refused"
  elif ! grep -q '^ordinal lint\.*Passed$' "$out"; then fail "$1" "no 'ordinal lint....Passed' line"
  elif [ -n "$(git status --porcelain)" ]; then fail "$1" "files left uncommitted"
  else pass "$1"
  fi
}

"$PRE_COMMIT_BIN" validate-manifest "$ROOT/.pre-commit-hooks.yaml" >"$out" 2>&1 &&
  pass "pre-commit validate-manifest .pre-commit-hooks.yaml" ||
  fail "pre-commit validate-manifest .pre-commit-hooks.yaml" "invalid"

config
"$PRE_COMMIT_BIN" install >"$out" 2>&1 || { cat "$out"; exit 1; }

# 1. The pods' label differs from the selector: the API server would reject the StatefulSet.
statefulset 3 orders
git add -A
expect_refused "a selector mismatch is refused, with ordinal's finding" "orders-db" \
  'k8s/statefulset.yaml:14:9: STS001 error: `spec.selector` does not match `spec.template.metadata.labels`'

# 2. Fixed, with five ConfigMaps beside it: without `require_serial` pre-commit would split the
# eight files across its parallel runs (on more than one CPU), and the StatefulSet would miss
# its Service. .pre-commit-config.yaml is YAML too, and the hook's `exclude` leaves it alone.
statefulset 3 orders-db
for i in 1 2 3 4 5; do
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-%s\ndata:\n  mode: fast\n' "$i" >"k8s/settings-$i.yaml"
done
git add -A
expect_committed "the fixed manifests are committed, linted in one run" "orders-db"

# 3. A StatefulSet staged alone is linted alone: its Service and budget are not in the files given.
statefulset 4 orders-db
git add k8s/statefulset.yaml
expect_refused "a StatefulSet staged alone misses its Service" "four replicas" \
  'STS004 warning: `spec.serviceName` is `orders-db`, but no Service of that name is in the files given'

# 4. The README's set-up for manifests split across files: the whole set on every run.
config 'pass_filenames: false' 'args: [k8s/statefulset.yaml, k8s/service.yaml, k8s/pdb.yaml]'
git add .pre-commit-config.yaml
expect_committed "with the set in args, the StatefulSet is linted with its Service" "four replicas"

echo "pre-commit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
