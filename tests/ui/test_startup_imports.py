"""KneeLog reads and writes with plain SQL: SQLAlchemy and SQLModel never load while it runs."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from kneelog.core.program import AssessmentRecord, PrescriptionRecord
from kneelog.core.session_records import CheckInRecord, SessionRecord
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.services.rehab import RehabService

ROOT = Path(__file__).resolve().parents[2]

# A fresh interpreter: this test process has loaded the ORM long ago.
CHILD = """
import datetime as dt, json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from kneelog.services.opening import open_journal
from kneelog.ui.app import make_application
from kneelog.ui.assembly import build

def orm_loaded():
    return sorted(m for m in ("sqlalchemy", "sqlmodel", "kneelog.persistence.tables") if m in sys.modules)

qt = make_application(["kneelog"])
db = open_journal(Path(sys.argv[1]))
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
application = build(db, settings, "Journal")
application.window.show()
qt.processEvents()
report = {
    "rows": application.window.journal.model.rowCount(),
    "plan_shown": application.plans.panel.isVisible(),
    "loaded_when_ready": orm_loaded(),
}
application.journal.set_setting("runner_name", "Sam")
report["saved"] = application.journal.setting("runner_name")
report["loaded_after"] = orm_loaded()
db.close()
print(json.dumps(report))
"""


def test_the_filled_window_and_a_save_need_no_orm(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    db = open_journal(path)
    journal, rehab = EntryService(db), RehabService(db)
    day = dt.date.today() - dt.timedelta(days=3)
    journal.save_session(
        SessionRecord.new(date=day, activity="run", distance_m=4000, duration_s=1500, pain_after=2)
    )
    journal.save_checkin(CheckInRecord.new(date=day, morning_pain=1))
    rehab.save_prescription(
        PrescriptionRecord.new(exercise="wall_sit", sets=3, hold_s=30, start=day)
    )
    rehab.save_assessment(AssessmentRecord.new(date=day, score=70))
    db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(tmp_path / "settings.ini")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["rows"] == 2
    assert report["plan_shown"] is True
    assert report["loaded_when_ready"] == []
    # Reads and writes go through the repositories: SQLModel only defines the schema.
    assert report["loaded_after"] == []
    assert report["saved"] == "Sam"
