"""a traject's own anonymity threshold

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 19:21:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('trajecten', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymity_threshold', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_trajecten_threshold_at_least_five'), "anonymity_threshold IS NULL OR anonymity_threshold >= 5"
        )


def downgrade():
    with op.batch_alter_table('trajecten', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_trajecten_threshold_at_least_five'), type_='check')
        batch_op.drop_column('anonymity_threshold')
