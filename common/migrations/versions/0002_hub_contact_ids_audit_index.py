"""hub: Open311 device/account ids in reporter_contact, audit index by entity

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("reporter_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_id", sa.String(length=100), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("account_id", sa.String(length=100), nullable=False, server_default=""))
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entry_entity", ["entity", "entity_id"], unique=False)


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_entity")
    with op.batch_alter_table("reporter_contact", schema=None) as batch_op:
        batch_op.drop_column("account_id")
        batch_op.drop_column("device_id")
