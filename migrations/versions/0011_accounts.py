"""staff accounts people can manage: invitations, second factor, sent mail (filled in by the accounts work)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 22:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    # An address for invitations and resets; the second factor's sealed secret and its last used step.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('totp_sealed', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_email'), ['email'])
    # The idle limit needs the time of a login's last request.
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen', sa.DateTime(), nullable=True))
    # Invitation and reset links: only a hash of each is stored.
    op.create_table(
        'account_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('invite', 'reset')", name=op.f('ck_account_tokens_kind_known')),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_account_tokens_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_account_tokens_token_hash')),
    )
    with op.batch_alter_table('account_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_tokens_user_id'), ['user_id'], unique=False)
    # A projector's read-only address for one session's board.
    op.create_table(
        'presenter_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('label', sa.String(length=80), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['created_by'], ['users.id'], name=op.f('fk_presenter_links_created_by_users'), ondelete='SET NULL'
        ),
        sa.ForeignKeyConstraint(
            ['session_id'],
            ['duiding_sessions.id'],
            name=op.f('fk_presenter_links_session_id_duiding_sessions'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_presenter_links')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_presenter_links_token_hash')),
    )
    with op.batch_alter_table('presenter_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_presenter_links_session_id'), ['session_id'], unique=False)
    # Every recipient of every mail and what became of it; never the content.
    op.create_table(
        'sent_mails',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('error', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('sent', 'failed', 'outbox')", name=op.f('ck_sent_mails_status_known')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_mails')),
    )
    with op.batch_alter_table('sent_mails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_mails_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('sent_mails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_mails_created_at'))
    op.drop_table('sent_mails')
    with op.batch_alter_table('presenter_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_presenter_links_session_id'))
    op.drop_table('presenter_links')
    with op.batch_alter_table('account_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_tokens_user_id'))
    op.drop_table('account_tokens')
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_column('last_seen')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_email'), type_='unique')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_sealed')
        batch_op.drop_column('email')
