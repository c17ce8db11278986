"""Raw baseline of the window start: a fresh Python with Qt shows the first 200 open returns read with sqlite3.

Usage: python -m benchmarks.startup_raw SHOP_FILE; prints one JSON line (CPU seconds of this process until the
rows are in a shown table). Nothing of ReturnDesk is imported: it is what any Qt program reading the same rows
costs on this machine.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time

OPEN = "('requested', 'approved', 'partially_received', 'received', 'inspected')"
ROWS = """
SELECT r.id, r.rma, o.number, c.name, r.status, r.requested_at, r.due_at, r.flagged, r.tracking_number,
       (SELECT sum(max(l.requested_qty, l.received_qty)) FROM return_lines l WHERE l.return_id = r.id),
       (SELECT sum(f.amount_minor) FROM refunds f WHERE f.return_id = r.id)
FROM returns r LEFT JOIN orders o ON o.id = r.order_id LEFT JOIN customers c ON c.id = r.customer_id
WHERE r.id IN ({ids}) ORDER BY r.requested_at DESC, r.id DESC
"""


def main() -> None:
    """Read the open returns' ids and first page, show them in a table, print the CPU time."""
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    app = QApplication([])
    conn = sqlite3.connect(sys.argv[1])
    ids = [row[0] for row in conn.execute(f"SELECT id FROM returns WHERE imported = 0 AND status IN {OPEN} "
                                          "ORDER BY requested_at DESC, id DESC")]
    rows = conn.execute(ROWS.format(ids=",".join(str(i) for i in ids[:200]))).fetchall() if ids else []
    table = QTableWidget(len(rows), 11)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.show()
    app.processEvents()
    print(json.dumps({"cpu_to_data": time.process_time(), "rows": len(ids)}))
    table.close()


if __name__ == "__main__":
    main()
