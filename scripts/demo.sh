#!/usr/bin/env bash
# The demo: copy the bundled inputs into inbox/, run the pipeline once, show the results.
set -uo pipefail
cd "$(dirname "$0")/.."
kontor=.build/debug/kontor

echo "== copying demo inputs from demo/inbox/ into inbox/"
for file in $(cd demo/inbox && find . -type f | sort); do
  mkdir -p "inbox/$(dirname "$file")"
  cp "demo/inbox/$file" "inbox/$file.part" && mv "inbox/$file.part" "inbox/$file"
  echo "   inbox/${file#./}"
done

echo
echo "== kontor run --once"
$kontor run --once
status=$?
case $status in
  0) echo "   every file was imported (or recognized as already imported)";;
  1) echo "   exit 1: some files were rejected — the demo includes one bad file on purpose; see outbox/*/rejected/";;
  *) echo "   kontor run failed with exit status $status"; exit $status;;
esac

for business in $(ls pipelines/businesses | sed 's/\.yaml$//'); do
  echo
  echo "== kontor expenses list --business $business"
  $kontor expenses list --business "$business"
done

echo
echo "== kontor expenses list --bank --business nordlicht   (bank and gateway lines: category, status, evidence)"
$kontor expenses list --bank --business nordlicht

echo
echo "== kontor expenses show 18 --business nordlicht   (a client payment, re-categorized by inbox/nordlicht/corrections/)"
$kontor expenses show 18 --business nordlicht

echo
echo "== kontor vendors list --business nordlicht   (master data from inbox/nordlicht/vendors/, aliases merged)"
$kontor vendors list --business nordlicht

echo
echo "== kontor read demo/next-week/2026-w48-swedbank.camt053.xml --business nordlicht   (dry run: rule, vendor default, model, review)"
$kontor read demo/next-week/2026-w48-swedbank.camt053.xml --business nordlicht
echo "== kontor clients list --business acme"
$kontor clients list --business acme
echo
echo "== kontor invoices list --business acme"
$kontor invoices list --business acme

echo
echo "== kontor approvals list --business acme"
$kontor approvals list --business acme
echo "   The 12,000 EUR centrifuge waits for an approver, then the owner (pipelines/policies/acme.yaml)."
echo "   Complete it with the DEMO keys (demo/keys/: demo only, anyone can sign with them):"
echo "     $kontor approve EXP-000001 --business acme --user ben --key demo/keys/ben.key && $kontor run --once"
echo "     $kontor approve EXP-000001 --business acme --user anna --key demo/keys/anna.key && $kontor run --once"

echo
echo "== outputs"
find outbox -type f ! -name README.md | sort | sed 's/^/   /'
echo
echo "Receipts are in outbox/<business>/receipts/, rejected inputs with their .error.json in"
echo "outbox/<business>/rejected/, the ledger in var/kontor.sqlite. Run 'make demo' again:"
echo "every file is then receipted as a duplicate and nothing new is posted."
