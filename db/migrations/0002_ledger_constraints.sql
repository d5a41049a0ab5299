-- Ledger rules drizzle-kit cannot express: append-only tables, balanced transactions checked at commit, and the
-- posting function. Runs identically on Postgres 15+ and PGlite. Errors raised here use SQLSTATE class "LE";
-- lib/ledger/errors.ts maps each code to a LedgerError code:
--   LE001 insufficient_funds, LE002 idempotency_conflict, LE003 unbalanced, LE004 currency_mismatch,
--   LE005 account_not_found, LE006 ledger_append_only, LE007 invalid_posting.

-- Entries and transactions are never changed: a correction is a new transaction.
CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'LE006',
    MESSAGE = format('%s is append-only: %s is not allowed; post a correcting transaction instead', TG_TABLE_NAME, TG_OP);
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint

-- The entries of a transaction sum to zero per currency. Deferred to commit so that a transaction's legs can be
-- inserted by several statements; it fires once per inserted entry and reads that transaction's entries through
-- ledger_entries_transaction_idx.
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT currency, sum(amount) AS total INTO bad
    FROM ledger_entries WHERE transaction_id = NEW.transaction_id
    GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'LE003',
      MESSAGE = format('ledger transaction %s is unbalanced: its %s entries sum to %s instead of 0', NEW.transaction_id, bad.currency, bad.total),
      DETAIL = jsonb_build_object('transactionId', NEW.transaction_id, 'currency', bad.currency, 'sum', bad.total)::text;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();
--> statement-breakpoint

-- The row an entry for `p_account_id` is written to. Hot accounts (shard_count > 1) are split into rows so that
-- concurrent postings do not queue on one row lock; the shard comes from the idempotency key, so a retry of the
-- same posting lands on the same row. Only primary rows (shard 0) may be named by callers.
CREATE FUNCTION ledger_entry_row(p_account_id bigint, p_key text) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN a.shard_count > 1 AND mod(abs(hashtext(p_key)::bigint), a.shard_count) > 0 THEN
      (SELECT s.id FROM ledger_accounts s
        WHERE s.primary_account_id = a.id AND s.shard = mod(abs(hashtext(p_key)::bigint), a.shard_count))
    ELSE a.id
  END
  FROM ledger_accounts a
  WHERE a.id = p_account_id AND a.primary_account_id IS NULL
$$;
--> statement-breakpoint

CREATE FUNCTION ledger_transaction_json(p_id bigint, p_replayed boolean) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', t.id, 'reference', t.reference, 'type', t.type, 'createdAt', t.created_at, 'replayed', p_replayed,
    'entries', (
      SELECT jsonb_agg(jsonb_build_object(
        'id', e.id, 'accountId', coalesce(a.primary_account_id, a.id), 'rowAccountId', e.account_id,
        'amount', e.amount, 'currency', e.currency, 'balanceAfter', e.balance_after, 'accountVersion', e.account_version
      ) ORDER BY e.id)
      FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
      WHERE e.transaction_id = t.id))
  FROM ledger_transactions t WHERE t.id = p_id
$$;
--> statement-breakpoint

-- Posts one or more transactions atomically (one statement, so one round trip; inside a caller's transaction it
-- is part of that transaction). p_postings is a JSON array of
--   {type, description, idempotencyKey, requestHash, reference?, actorUserId?, orderId?, stripeObjectId?,
--    stripeEventId?, metadata?, entries: [{accountId, amount, currency?}]}
-- and the result a JSON array of ledger_transaction_json, in the same order.
--
-- Order of work, and why:
--  1. resolve each entry's row (shards) and lock every touched row once, in id order, FOR NO KEY UPDATE: one
--     global lock order means no deadlocks, and NO KEY UPDATE does not conflict with the KEY SHARE locks that
--     foreign-key checks from entries take;
--  2. per posting, after the locks: a transaction with the same idempotency key is returned instead of posting
--     again (a concurrent duplicate touches the same rows, so it waited on step 1 and now sees the committed
--     first posting: READ COMMITTED gives every statement here a fresh snapshot); a different request hash
--     under the same key is an idempotency conflict;
--  3. insert the transaction (ON CONFLICT on the key covers a duplicate that touched other rows), then apply
--     the entries to the locked balances in memory, refusing overdrafts, and insert them with balance_after
--     and account_version = version + 1;
--  4. write the new balances and versions once per row.
-- Any error aborts the whole statement, so nothing is written.
CREATE FUNCTION ledger_post(p_postings jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_ids bigint[];
  v_primary bigint[];
  v_bal bigint[];
  v_ver bigint[];
  v_cur text[];
  v_neg boolean[];
  v_limit bigint[];
  v_dirty boolean[];
  v_results jsonb := '[]'::jsonb;
  v_post jsonb;
  v_pi bigint;
  v_key text;
  v_hash text;
  v_existing record;
  v_tx_id bigint;
  v_entry jsonb;
  v_ei bigint;
  v_k int;
  v_target bigint;
  v_amount bigint;
  v_targets bigint[];
  v_amounts bigint[];
  v_currencies text[];
  v_after bigint[];
  v_versions bigint[];
  v_bad record;
  v_missing bigint;
BEGIN
  IF jsonb_typeof(p_postings) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION USING ERRCODE = 'LE007', MESSAGE = 'ledger_post expects a JSON array of postings';
  END IF;

  -- 1. Rows to touch, then lock them in id order.
  SELECT array_agg(DISTINCT ledger_entry_row((e->>'accountId')::bigint, post->>'idempotencyKey')) INTO v_ids
    FROM jsonb_array_elements(p_postings) post, jsonb_array_elements(post->'entries') e;
  IF v_ids IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'LE007', MESSAGE = 'nothing to post: no entries';
  END IF;
  IF array_position(v_ids, NULL) IS NOT NULL THEN
    SELECT (e->>'accountId')::bigint INTO v_missing
      FROM jsonb_array_elements(p_postings) post, jsonb_array_elements(post->'entries') e
      WHERE ledger_entry_row((e->>'accountId')::bigint, post->>'idempotencyKey') IS NULL LIMIT 1;
    RAISE EXCEPTION USING ERRCODE = 'LE005',
      MESSAGE = format('ledger account %s does not exist (or is a shard row rather than the account itself)', v_missing),
      DETAIL = jsonb_build_object('accountId', v_missing)::text;
  END IF;

  SELECT array_agg(l.id ORDER BY l.id), array_agg(coalesce(l.primary_account_id, l.id) ORDER BY l.id),
         array_agg(l.balance ORDER BY l.id), array_agg(l.version ORDER BY l.id), array_agg(l.currency ORDER BY l.id),
         array_agg(l.allow_negative ORDER BY l.id), array_agg(l.overdraft_limit ORDER BY l.id),
         array_agg(false ORDER BY l.id)
    INTO v_ids, v_primary, v_bal, v_ver, v_cur, v_neg, v_limit, v_dirty
    FROM (SELECT * FROM ledger_accounts WHERE id = ANY (v_ids) ORDER BY id FOR NO KEY UPDATE) l;

  FOR v_post, v_pi IN SELECT value, ordinality FROM jsonb_array_elements(p_postings) WITH ORDINALITY LOOP
    v_key := v_post->>'idempotencyKey';
    v_hash := v_post->>'requestHash';

    -- 2. Idempotency.
    SELECT id, request_hash INTO v_existing FROM ledger_transactions WHERE idempotency_key = v_key;
    IF NOT FOUND THEN
      -- 3. The transaction row first: it claims the key.
      v_tx_id := nextval('ledger_transactions_id_seq'::regclass);
      INSERT INTO ledger_transactions AS t (id, type, description, reference, idempotency_key, request_hash, actor_user_id,
                                           order_id, stripe_object_id, stripe_event_id, metadata)
      VALUES (v_tx_id, (v_post->>'type')::ledger_transaction_type, v_post->>'description',
              coalesce(v_post->>'reference', 'PLZ-' || lpad(v_tx_id::text, greatest(6, length(v_tx_id::text)), '0')),
              v_key, v_hash, v_post->>'actorUserId', v_post->>'orderId', v_post->>'stripeObjectId',
              v_post->>'stripeEventId', coalesce(v_post->'metadata', '{}'::jsonb))
      ON CONFLICT (idempotency_key) DO NOTHING;
      IF NOT FOUND THEN
        SELECT id, request_hash INTO v_existing FROM ledger_transactions WHERE idempotency_key = v_key;
      END IF;
    END IF;
    IF v_existing.id IS NOT NULL THEN
      IF v_existing.request_hash IS DISTINCT FROM v_hash THEN
        RAISE EXCEPTION USING ERRCODE = 'LE002',
          MESSAGE = format('idempotency key %L was already used for a different posting (transaction %s); use a new key for a new posting', v_key, v_existing.id),
          DETAIL = jsonb_build_object('idempotencyKey', v_key, 'transactionId', v_existing.id, 'postingIndex', v_pi - 1)::text;
      END IF;
      v_results := v_results || jsonb_build_array(ledger_transaction_json(v_existing.id, true));
      CONTINUE;
    END IF;

    -- Entries, applied to the locked balances.
    v_targets := '{}'; v_amounts := '{}'; v_currencies := '{}'; v_after := '{}'; v_versions := '{}';
    FOR v_entry, v_ei IN SELECT value, ordinality FROM jsonb_array_elements(v_post->'entries') WITH ORDINALITY LOOP
      v_target := ledger_entry_row((v_entry->>'accountId')::bigint, v_key);
      v_k := array_position(v_ids, v_target);
      v_amount := (v_entry->>'amount')::bigint;
      IF v_entry ? 'currency' AND v_entry->>'currency' IS DISTINCT FROM v_cur[v_k] THEN
        RAISE EXCEPTION USING ERRCODE = 'LE004',
          MESSAGE = format('entry %s names %s but ledger account %s holds %s', v_ei, upper(v_entry->>'currency'), v_primary[v_k], upper(v_cur[v_k])),
          DETAIL = jsonb_build_object('accountId', v_primary[v_k], 'accountCurrency', v_cur[v_k], 'entryCurrency', v_entry->>'currency', 'postingIndex', v_pi - 1)::text;
      END IF;
      v_bal[v_k] := v_bal[v_k] + v_amount;
      v_ver[v_k] := v_ver[v_k] + 1;
      v_dirty[v_k] := true;
      IF v_amount < 0 AND NOT v_neg[v_k] AND v_bal[v_k] < -v_limit[v_k] THEN
        RAISE EXCEPTION USING ERRCODE = 'LE001',
          MESSAGE = format('insufficient funds in ledger account %s: %s %s is needed but only %s is available',
                           v_primary[v_k], -v_amount, upper(v_cur[v_k]), v_bal[v_k] - v_amount + v_limit[v_k]),
          DETAIL = jsonb_build_object('accountId', v_primary[v_k], 'currency', v_cur[v_k], 'balance', v_bal[v_k] - v_amount,
                                      'overdraftLimit', v_limit[v_k], 'amount', -v_amount,
                                      'shortfall', -(v_bal[v_k] + v_limit[v_k]), 'postingIndex', v_pi - 1)::text;
      END IF;
      v_targets := v_targets || v_target;
      v_amounts := v_amounts || v_amount;
      v_currencies := v_currencies || v_cur[v_k];
      v_after := v_after || v_bal[v_k];
      v_versions := v_versions || v_ver[v_k];
    END LOOP;

    SELECT c, sum(a) AS total INTO v_bad FROM unnest(v_currencies, v_amounts) AS u(c, a) GROUP BY c HAVING sum(a) <> 0 LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION USING ERRCODE = 'LE003',
        MESSAGE = format('posting %s is unbalanced: its %s entries sum to %s instead of 0', v_pi, upper(v_bad.c), v_bad.total),
        DETAIL = jsonb_build_object('currency', v_bad.c, 'sum', v_bad.total, 'postingIndex', v_pi - 1)::text;
    END IF;

    INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, balance_after, account_version)
      SELECT v_tx_id, u.t, u.a, u.c, u.b, u.v FROM unnest(v_targets, v_amounts, v_currencies, v_after, v_versions) WITH ORDINALITY AS u(t, a, c, b, v, o)
      ORDER BY u.o;
    v_results := v_results || jsonb_build_array(ledger_transaction_json(v_tx_id, false));
  END LOOP;

  -- 4. One update per touched row.
  UPDATE ledger_accounts a SET balance = u.b, version = u.v
    FROM unnest(v_ids, v_bal, v_ver, v_dirty) AS u(id, b, v, d)
    WHERE a.id = u.id AND u.d;

  RETURN v_results;
END $$;
