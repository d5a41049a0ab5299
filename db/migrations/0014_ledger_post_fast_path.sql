-- ledger_post made cheaper for the common case, same contract as 0002/0005/0012 (arguments, result JSON, errors
-- LE001-LE007 with the same messages and details, idempotency, lock order by id, invariants). Measured in
-- lib/stripe/webhooks/PERFORMANCE.md ("Ledger postings"): backend CPU of a one-posting call went mostly to
-- executor start-up of 0012's set-based statements (about ten per call, most of them aggregates with ORDER BY,
-- each building sorts and hash tables for two rows), then to the commit (WAL flush) and the deferred
-- balanced-check trigger (one query per entry).
--  * ledger_post: a call with ONE posting of at least one entry (every webhook, checkout and wallet posting)
--    takes a fast path of four statements (five on a replay) with no aggregates: rows resolved (shards) and
--    locked in id order by one statement, the transaction row inserted (ON CONFLICT on the key, as before), the
--    entries computed in PL/pgSQL (simple expressions, no executor), one INSERT of the entries, one UPDATE of the
--    touched rows. Any other call (a batch, an empty array, a malformed posting, an account that does not
--    exist) runs ledger_post_batch: 0012's set-based function unchanged, so batches and every error before a
--    write behave exactly as before. Errors found after the transaction row (LE002, LE004, LE001, LE003) are
--    raised by the fast path with 0012's messages, details and precedence (key first, then entries in order,
--    then sums).
-- Not changed: the deferred balanced-check trigger (one firing per entry at commit, ~15 % of a batch's backend
-- CPU). Skipping firings already covered by an earlier check of the same transaction was tried (a transaction-
-- local mark of the checked id range) and measured no faster: the mark costs what the skipped query did.
--
-- ledger_post_batch: 0012's ledger_post itself, renamed (same body and settings), for batches and for every call
-- the fast path does not take. ledger_post_guarded calls ledger_post by name, so it gets the fast path too.
ALTER FUNCTION ledger_post(jsonb) RENAME TO ledger_post_batch;
--> statement-breakpoint

CREATE FUNCTION ledger_post(p_postings jsonb) RETURNS jsonb LANGUAGE plpgsql
  SET jit = off SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_post jsonb;
  v_entries jsonb;
  v_n int;
  v_key text;
  v_hash text;
  v_h bigint;
  -- the posting's entries, in order
  e_account bigint[];
  e_amount bigint[];
  e_named text[];
  e_k int[];
  -- the locked rows, in id order
  v_ids bigint[] := '{}';
  v_prim bigint[] := '{}';
  v_shard int[] := '{}';
  v_sc int[] := '{}';
  v_bal bigint[] := '{}';
  v_ver bigint[] := '{}';
  v_cur text[] := '{}';
  v_neg boolean[] := '{}';
  v_lim bigint[] := '{}';
  -- the entries to write
  x_id bigint[];
  x_row bigint[];
  x_cur text[];
  x_after bigint[];
  x_ver bigint[];
  x_json jsonb[];
  r record;
  v_i int;
  v_k int;
  v_m int;
  v_bad int;
  v_sums_cur text[] := '{}';
  v_sums numeric[] := '{}';
  v_tx_id bigint;
  v_reference text;
  v_created timestamptz;
  v_existing record;
BEGIN
  IF jsonb_typeof(p_postings) = 'array' AND jsonb_array_length(p_postings) = 1 THEN
    v_post := p_postings->0;
    v_entries := v_post->'entries';
  END IF;
  IF jsonb_typeof(v_entries) IS DISTINCT FROM 'array' OR jsonb_array_length(v_entries) = 0 THEN
    RETURN ledger_post_batch(p_postings);
  END IF;

  v_key := v_post->>'idempotencyKey';
  v_hash := v_post->>'requestHash';
  v_h := abs(hashtext(v_key)::bigint);
  v_n := jsonb_array_length(v_entries);
  FOR v_i IN 1 .. v_n LOOP
    e_account[v_i] := (v_entries->(v_i - 1)->>'accountId')::bigint;
    e_amount[v_i] := (v_entries->(v_i - 1)->>'amount')::bigint;
    e_named[v_i] := v_entries->(v_i - 1)->>'currency';
    IF e_account[v_i] IS NULL OR e_amount[v_i] IS NULL THEN
      RETURN ledger_post_batch(p_postings); -- malformed: the set-based path reports it as before
    END IF;
  END LOOP;

  -- Every entry's row (the account, or for a hot account the shard the key hashes to), locked once, in id order.
  FOR r IN
    SELECT l.id, coalesce(l.primary_account_id, l.id) AS prim, l.shard, l.shard_count, l.balance, l.version, l.currency,
           l.allow_negative, l.overdraft_limit
      FROM ledger_accounts l
      WHERE l.id = ANY (ARRAY(
        SELECT (SELECT CASE
                  WHEN a.shard_count > 1 AND mod(v_h, a.shard_count) > 0 THEN
                    (SELECT s.id FROM ledger_accounts s WHERE s.primary_account_id = a.id AND s.shard = mod(v_h, a.shard_count))
                  ELSE a.id
                END
                FROM ledger_accounts a WHERE a.id = u.account AND a.primary_account_id IS NULL)
        FROM unnest(e_account) AS u(account)))
      ORDER BY l.id
      FOR NO KEY UPDATE OF l
  LOOP
    v_ids := v_ids || r.id; v_prim := v_prim || r.prim; v_shard := v_shard || r.shard::int; v_sc := v_sc || r.shard_count::int;
    v_bal := v_bal || r.balance; v_ver := v_ver || r.version; v_cur := v_cur || r.currency;
    v_neg := v_neg || r.allow_negative; v_lim := v_lim || r.overdraft_limit;
  END LOOP;
  v_m := cardinality(v_ids);
  FOR v_i IN 1 .. v_n LOOP
    FOR v_k IN 1 .. v_m LOOP
      IF v_prim[v_k] = e_account[v_i] AND v_shard[v_k] = (CASE WHEN v_sc[v_k] > 1 THEN coalesce(mod(v_h, v_sc[v_k]), 0) ELSE 0 END) THEN
        e_k[v_i] := v_k;
        EXIT;
      END IF;
    END LOOP;
    IF e_k[v_i] IS NULL THEN
      -- An account that does not exist (or a shard row named): the set-based path raises LE005 as before.
      RETURN ledger_post_batch(p_postings);
    END IF;
  END LOOP;

  -- The entries applied to the locked balances, in order; the first entry that names another currency (LE004)
  -- or overdraws its row (LE001, at every entry) is remembered: it is raised after the key is claimed (LE002
  -- comes first, as in the per-posting order).
  x_id := '{}'; x_row := '{}'; x_cur := '{}'; x_after := '{}'; x_ver := '{}';
  FOR v_i IN 1 .. v_n LOOP
    v_k := e_k[v_i];
    v_bal[v_k] := v_bal[v_k] + e_amount[v_i];
    v_ver[v_k] := v_ver[v_k] + 1;
    x_row[v_i] := v_ids[v_k];
    x_cur[v_i] := v_cur[v_k];
    x_after[v_i] := v_bal[v_k];
    x_ver[v_i] := v_ver[v_k];
    IF v_bad IS NULL AND (e_named[v_i] IS DISTINCT FROM v_cur[v_k] AND e_named[v_i] IS NOT NULL
                          OR e_amount[v_i] < 0 AND NOT v_neg[v_k] AND v_bal[v_k] < -v_lim[v_k]) THEN
      v_bad := v_i;
    END IF;
  END LOOP;

  v_tx_id := nextval('ledger_transactions_id_seq'::regclass);
  INSERT INTO ledger_transactions AS t (id, type, description, reference, idempotency_key, request_hash, actor_user_id,
                                       order_id, stripe_object_id, stripe_event_id, metadata)
  VALUES (v_tx_id, (v_post->>'type')::ledger_transaction_type, v_post->>'description',
          coalesce(v_post->>'reference', 'PLZ-' || lpad(v_tx_id::text, greatest(6, length(v_tx_id::text)), '0')),
          v_key, v_hash, v_post->>'actorUserId', v_post->>'orderId', v_post->>'stripeObjectId',
          v_post->>'stripeEventId', coalesce(v_post->'metadata', '{}'::jsonb))
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING t.reference, t.created_at INTO v_reference, v_created;
  IF NOT FOUND THEN
    SELECT t.id, t.request_hash INTO v_existing FROM ledger_transactions t WHERE t.idempotency_key = v_key;
    IF v_existing.request_hash IS DISTINCT FROM v_hash THEN
      RAISE EXCEPTION USING ERRCODE = 'LE002',
        MESSAGE = format('idempotency key %L was already used for a different posting (transaction %s); use a new key for a new posting', v_key, v_existing.id),
        DETAIL = jsonb_build_object('idempotencyKey', v_key, 'transactionId', v_existing.id, 'postingIndex', 0)::text;
    END IF;
    RETURN jsonb_build_array(ledger_transaction_json(v_existing.id, true));
  END IF;

  IF v_bad IS NOT NULL THEN
    v_k := e_k[v_bad];
    IF e_named[v_bad] IS DISTINCT FROM v_cur[v_k] AND e_named[v_bad] IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'LE004',
        MESSAGE = format('entry %s names %s but ledger account %s holds %s', v_bad, upper(e_named[v_bad]), v_prim[v_k], upper(v_cur[v_k])),
        DETAIL = jsonb_build_object('accountId', v_prim[v_k], 'accountCurrency', v_cur[v_k], 'entryCurrency', e_named[v_bad], 'postingIndex', 0)::text;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'LE001',
      MESSAGE = format('insufficient funds in ledger account %s: %s %s is needed but only %s is available',
                       v_prim[v_k], -e_amount[v_bad], upper(v_cur[v_k]), x_after[v_bad] - e_amount[v_bad] + v_lim[v_k]),
      DETAIL = jsonb_build_object('accountId', v_prim[v_k], 'currency', v_cur[v_k], 'balance', x_after[v_bad] - e_amount[v_bad],
                                  'overdraftLimit', v_lim[v_k], 'amount', -e_amount[v_bad],
                                  'shortfall', -(x_after[v_bad] + v_lim[v_k]), 'postingIndex', 0)::text;
  END IF;

  -- Balanced per currency (the accounts' currencies).
  FOR v_i IN 1 .. v_n LOOP
    v_k := array_position(v_sums_cur, x_cur[v_i]);
    IF v_k IS NULL THEN
      v_sums_cur := v_sums_cur || x_cur[v_i];
      v_sums := v_sums || e_amount[v_i]::numeric;
    ELSE
      v_sums[v_k] := v_sums[v_k] + e_amount[v_i];
    END IF;
  END LOOP;
  FOR v_k IN 1 .. cardinality(v_sums_cur) LOOP
    IF v_sums[v_k] <> 0 THEN
      RAISE EXCEPTION USING ERRCODE = 'LE003',
        MESSAGE = format('posting %s is unbalanced: its %s entries sum to %s instead of 0', 1, upper(v_sums_cur[v_k]), v_sums[v_k]),
        DETAIL = jsonb_build_object('currency', v_sums_cur[v_k], 'sum', v_sums[v_k], 'postingIndex', 0)::text;
    END IF;
  END LOOP;

  -- Entry ids from the sequence in entry order; the entries, then each touched row's last balance and version.
  x_json := '{}';
  FOR v_i IN 1 .. v_n LOOP
    x_id[v_i] := nextval('ledger_entries_id_seq'::regclass);
    x_json := x_json || jsonb_build_object('id', x_id[v_i], 'accountId', v_prim[e_k[v_i]], 'rowAccountId', x_row[v_i],
                                           'amount', e_amount[v_i], 'currency', x_cur[v_i], 'balanceAfter', x_after[v_i],
                                           'accountVersion', x_ver[v_i]);
  END LOOP;
  INSERT INTO ledger_entries (id, transaction_id, account_id, amount, currency, balance_after, account_version)
    SELECT u.id, v_tx_id, u.row_id, u.amount, u.cur, u.after, u.ver
    FROM unnest(x_id, x_row, e_amount, x_cur, x_after, x_ver) AS u(id, row_id, amount, cur, after, ver);
  UPDATE ledger_accounts a SET balance = u.bal, version = u.ver
    FROM unnest(v_ids, v_bal, v_ver) AS u(id, bal, ver)
    WHERE a.id = u.id;

  RETURN jsonb_build_array(jsonb_build_object('id', v_tx_id, 'reference', v_reference, 'type', v_post->>'type',
                                              'createdAt', v_created, 'replayed', false, 'entries', to_jsonb(x_json)));
END $$;
