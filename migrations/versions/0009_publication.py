"""publication is a deliberate act: a public switch per theme and action, off by default

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 22:50:00

Every existing action becomes not public and every theme private, so upgrading publishes nothing; a
quote that was released before waits for the redaction worker's check before it is shown again.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

STATES = "('private', 'requested', 'public', 'refused')"


def _publication(batch_op, table, default):
    batch_op.add_column(
        sa.Column("publication", sa.String(length=10), server_default=default, nullable=False)
    )
    batch_op.add_column(sa.Column("publication_findings", sa.JSON(), server_default="[]", nullable=False))
    batch_op.create_check_constraint(op.f(f"ck_{table}_publication_known"), f"publication IN {STATES}")


def upgrade():
    with op.batch_alter_table("themes", schema=None) as batch_op:
        _publication(batch_op, "themes", "private")
        batch_op.add_column(
            sa.Column("public_name", sa.String(length=160), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("public_summary", sa.Text(), server_default="", nullable=False))

    # Before the switch existed every action was public from the moment it was typed: none stays so.
    op.execute(sa.text("UPDATE actions SET public = :no").bindparams(no=False))
    with op.batch_alter_table("actions", schema=None) as batch_op:
        _publication(batch_op, "actions", "private")
        batch_op.alter_column(
            "public", existing_type=sa.Boolean(), server_default=sa.false(), existing_nullable=False
        )
        batch_op.add_column(
            sa.Column("public_title", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("public_description", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("public_organisation", sa.String(length=160), server_default="", nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_actions_public_only_when_published"), "NOT public OR publication = 'public'"
        )

    with op.batch_alter_table("released_quotes", schema=None) as batch_op:
        _publication(batch_op, "released_quotes", "requested")


def downgrade():
    with op.batch_alter_table("released_quotes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_released_quotes_publication_known"), type_="check")
        batch_op.drop_column("publication_findings")
        batch_op.drop_column("publication")

    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_actions_public_only_when_published"), type_="check")
        batch_op.drop_constraint(op.f("ck_actions_publication_known"), type_="check")
        batch_op.drop_column("public_organisation")
        batch_op.drop_column("public_description")
        batch_op.drop_column("public_title")
        batch_op.alter_column(
            "public", existing_type=sa.Boolean(), server_default=None, existing_nullable=False
        )
        batch_op.drop_column("publication_findings")
        batch_op.drop_column("publication")

    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_themes_publication_known"), type_="check")
        batch_op.drop_column("public_summary")
        batch_op.drop_column("public_name")
        batch_op.drop_column("publication_findings")
        batch_op.drop_column("publication")
