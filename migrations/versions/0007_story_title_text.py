"""story titles as text; a redaction level for stories the worker could not redact

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 19:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # A title of 120 characters can grow past 200 when redaction tags replace short names.
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.alter_column('title', existing_type=sa.String(length=200), type_=sa.Text(), existing_nullable=False)
        batch_op.drop_constraint(op.f('ck_stories_redaction_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_stories_redaction_known'), "redaction IN ('rules', 'full', 'failed')"
        )


def downgrade():
    op.execute("UPDATE stories SET redaction = 'rules' WHERE redaction = 'failed'")
    op.execute("UPDATE stories SET title = substr(title, 1, 200)")
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_stories_redaction_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_stories_redaction_known'), "redaction IN ('rules', 'full')")
        batch_op.alter_column('title', existing_type=sa.Text(), type_=sa.String(length=200), existing_nullable=False)
