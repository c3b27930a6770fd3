"""the narrator's withdrawal-code slot (filled in by the narrator-phone work)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 22:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # The withdrawal code for 15 minutes after a story, sealed with a secret only the narrator's cookie
    # holds; no story, link or time of day in it beyond its own expiry.
    op.create_table(
        'code_slots',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('sealed', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_code_slots')),
        # SQLite keeps the rows in the order of their random id, not in the order the stories came in.
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('code_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_code_slots_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('code_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_code_slots_expires_at'))
    op.drop_table('code_slots')
