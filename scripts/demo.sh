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

# The accountant's review: the Fjällräven payment no rule knew went to review; a
# correction file (id,category,vendor — the id as `kontor expenses list --bank` shows it)
# puts it under services income, and the model learns from it.
review_id=$($kontor expenses list --bank --business nordlicht --format json | python3 -c '
import json, sys
lines = json.load(sys.stdin)["bank_lines"]
print(next(l["id"] for l in lines if (l["payee"] or "").startswith("Fjällräven") and l["amount"] == "18750.00"))')
mkdir -p inbox/nordlicht/corrections
printf 'id,category,vendor\n%s,income.services,Fjällräven\n' "$review_id" > inbox/nordlicht/corrections/2026-w47-corrections.csv.part
mv inbox/nordlicht/corrections/2026-w47-corrections.csv.part inbox/nordlicht/corrections/2026-w47-corrections.csv
echo
echo "== inbox/nordlicht/corrections/2026-w47-corrections.csv (written after review), kontor run --once"
cat inbox/nordlicht/corrections/2026-w47-corrections.csv | sed 's/^/   /'
$kontor run --once || true

for business in $(ls pipelines/businesses | sed 's/\.yaml$//'); do
  echo
  echo "== kontor expenses list --business $business"
  $kontor expenses list --business "$business"
done

echo
echo "== kontor expenses list --bank --business nordlicht   (bank and gateway lines: category, status, evidence)"
$kontor expenses list --bank --business nordlicht

echo
echo "== kontor expenses show $review_id --business nordlicht   (a client payment, re-categorized by the correction)"
$kontor expenses show "$review_id" --business nordlicht

echo
echo "== kontor vendors list --business nordlicht   (master data from inbox/nordlicht/vendors/, aliases merged)"
$kontor vendors list --business nordlicht

echo
echo "== kontor read demo/next-week/2026-w48-swedbank.camt053.xml --business nordlicht   (dry run: rule, vendor default, model, review)"
$kontor read demo/next-week/2026-w48-swedbank.camt053.xml --business nordlicht

echo
echo "== kontor clients list --business acme"
$kontor clients list --business acme
echo
echo "== kontor invoices list --business acme --as-of 2026-11-30   (statuses follow the bank statement's payments)"
$kontor invoices list --business acme --as-of 2026-11-30
echo
echo "== kontor payments unmatched --business acme   (a payment naming an invoice nobody issued waits for review)"
$kontor payments unmatched --business acme
echo
echo "== kontor report pnl --business acme --period 2026-11"
$kontor report pnl --business acme --period 2026-11

for business in $(ls pipelines/businesses | sed 's/\.yaml$//'); do
  echo
  echo "== kontor report all --business $business --period 2026-11 --package --format csv --format json --format html --format pdf"
  $kontor report all --business "$business" --period 2026-11 --package --format csv --format json --format html --format pdf || exit $?
done

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
echo
echo "Report packages are in outbox/<business>/reports/. To open one:"
echo "   unzip -o outbox/acme/reports/reports-2026-11-accrual-9b1f6bda.zip -d /tmp/acme-2026-11"
echo "   xdg-open /tmp/acme-2026-11/reports/pnl.html   # or any browser; csv opens in a spreadsheet"
echo "   xdg-open /tmp/acme-2026-11/reports/pnl.pdf    # the same report, charts included, as PDF"
