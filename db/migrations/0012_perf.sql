-- ledger_post, same contract as in 0002/0005 (arguments, result JSON, errors, lock order), made set-based for
-- batches: instead of a PL/pgSQL loop with two INSERTs per posting and array appends per entry, a call runs a
-- fixed number of statements whatever the batch size:
--  1. every entry's row (shard) resolved in one statement (as in 0005);
--  2. every touched row locked once, in id order, FOR NO KEY UPDATE (as before: no deadlocks);
--  3. every transaction inserted by ONE INSERT ... SELECT ... ON CONFLICT (idempotency_key) DO NOTHING, after the
--     locks (a concurrent duplicate waited on them and is now visible); a posting whose key was taken is a replay
--     of the first (same request hash) or an idempotency conflict (LE002), looked up in one query;
--  4. running balances and versions of every entry of the new postings computed by window functions over the
--     locked balances, in (posting, entry) order, entry ids drawn from the sequence in that order;
--  5. currency mismatches (LE004) and overdrafts (LE001, checked at every entry: an intermediate overdraft is
--     refused even when a later entry would cover it) found by one query, unbalanced postings (LE003) by one;
--  6. ONE INSERT of every entry and ONE UPDATE per touched row (its last balance and version);
--  7. the result built by one query (replays through ledger_transaction_json, after the entries exist).
-- When a batch holds several errors, the one raised is the one the per-posting loop met first (lowest posting;
-- within a posting: its key, then its entries in order, then its sums); any error aborts the whole call, so
-- nothing is written.
CREATE OR REPLACE FUNCTION ledger_post(p_postings jsonb) RETURNS jsonb LANGUAGE plpgsql
  SET jit = off SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  e_pi bigint[];
  e_ei bigint[];
  e_account bigint[];
  e_amount bigint[];
  e_currency text[];
  e_row bigint[];
  v_ids bigint[];
  v_primary bigint[];
  v_bal bigint[];
  v_ver bigint[];
  v_cur text[];
  v_neg boolean[];
  v_limit bigint[];
  p_pi bigint[];
  p_txid bigint[];
  p_ref text[];
  p_created timestamptz[];
  p_key text[];
  p_hash text[];
  p_type text[];
  p_existing bigint[];
  x_id bigint[];
  x_pi bigint[];
  x_ei bigint[];
  x_row bigint[];
  x_prim bigint[];
  x_amount bigint[];
  x_cur text[];
  x_named text[];
  x_after bigint[];
  x_ver bigint[];
  x_neg boolean[];
  x_lim bigint[];
  v_k int;
  v_missing bigint;
  v_bad record;
  v_conflict record;
  v_unbalanced record;
  v_conflict_pi bigint;
  v_entry_pi bigint;
  v_unbalanced_pi bigint;
  v_result jsonb;
BEGIN
  IF jsonb_typeof(p_postings) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION USING ERRCODE = 'LE007', MESSAGE = 'ledger_post expects a JSON array of postings';
  END IF;

  -- 1. Each entry's row: the account itself, or for a hot account the shard its posting's key hashes to.
  SELECT array_agg(x.pi ORDER BY x.pi, x.ei), array_agg(x.ei ORDER BY x.pi, x.ei), array_agg(x.account ORDER BY x.pi, x.ei),
         array_agg(x.amount ORDER BY x.pi, x.ei), array_agg(x.currency ORDER BY x.pi, x.ei), array_agg(x.row_id ORDER BY x.pi, x.ei)
    INTO e_pi, e_ei, e_account, e_amount, e_currency, e_row
    FROM (
      SELECT p.pi, e.ei, (e.v->>'accountId')::bigint AS account, (e.v->>'amount')::bigint AS amount, e.v->>'currency' AS currency,
             (SELECT CASE
                WHEN a.shard_count > 1 AND mod(abs(hashtext(p.v->>'idempotencyKey')::bigint), a.shard_count) > 0 THEN
                  (SELECT s.id FROM ledger_accounts s
                    WHERE s.primary_account_id = a.id AND s.shard = mod(abs(hashtext(p.v->>'idempotencyKey')::bigint), a.shard_count))
                ELSE a.id
              END
              FROM ledger_accounts a
              WHERE a.id = (e.v->>'accountId')::bigint AND a.primary_account_id IS NULL) AS row_id
      FROM jsonb_array_elements(p_postings) WITH ORDINALITY p(v, pi)
      CROSS JOIN LATERAL jsonb_array_elements(p.v->'entries') WITH ORDINALITY e(v, ei)) x;
  IF e_row IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'LE007', MESSAGE = 'nothing to post: no entries';
  END IF;
  v_k := array_position(e_row, NULL);
  IF v_k IS NOT NULL THEN
    v_missing := e_account[v_k];
    RAISE EXCEPTION USING ERRCODE = 'LE005',
      MESSAGE = format('ledger account %s does not exist (or is a shard row rather than the account itself)', v_missing),
      DETAIL = jsonb_build_object('accountId', v_missing)::text;
  END IF;

  -- 2. Lock every touched row once, in id order.
  SELECT array_agg(l.id ORDER BY l.id), array_agg(coalesce(l.primary_account_id, l.id) ORDER BY l.id),
         array_agg(l.balance ORDER BY l.id), array_agg(l.version ORDER BY l.id), array_agg(l.currency ORDER BY l.id),
         array_agg(l.allow_negative ORDER BY l.id), array_agg(l.overdraft_limit ORDER BY l.id)
    INTO v_ids, v_primary, v_bal, v_ver, v_cur, v_neg, v_limit
    FROM (SELECT * FROM ledger_accounts WHERE id = ANY (e_row) ORDER BY id FOR NO KEY UPDATE) l;

  -- 3. The transaction rows claim their keys, in posting order; a key already taken (before, or by an earlier
  -- posting of this batch) leaves that posting without a row here.
  WITH n AS MATERIALIZED (
    SELECT nextval('ledger_transactions_id_seq'::regclass) AS id, o.v, o.pi
    FROM (SELECT x.v, x.pi FROM jsonb_array_elements(p_postings) WITH ORDINALITY AS x(v, pi) ORDER BY x.pi) o
  ), ins AS (
    INSERT INTO ledger_transactions AS t (id, type, description, reference, idempotency_key, request_hash, actor_user_id,
                                         order_id, stripe_object_id, stripe_event_id, metadata)
    SELECT n.id, (n.v->>'type')::ledger_transaction_type, n.v->>'description',
           coalesce(n.v->>'reference', 'PLZ-' || lpad(n.id::text, greatest(6, length(n.id::text)), '0')),
           n.v->>'idempotencyKey', n.v->>'requestHash', n.v->>'actorUserId', n.v->>'orderId', n.v->>'stripeObjectId',
           n.v->>'stripeEventId', coalesce(n.v->'metadata', '{}'::jsonb)
    FROM n ORDER BY n.pi
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING t.id, t.reference, t.created_at
  )
  SELECT array_agg(n.pi ORDER BY n.pi), array_agg(ins.id ORDER BY n.pi), array_agg(ins.reference ORDER BY n.pi),
         array_agg(ins.created_at ORDER BY n.pi), array_agg(n.v->>'idempotencyKey' ORDER BY n.pi),
         array_agg(n.v->>'requestHash' ORDER BY n.pi), array_agg(n.v->>'type' ORDER BY n.pi)
    INTO p_pi, p_txid, p_ref, p_created, p_key, p_hash, p_type
    FROM n LEFT JOIN ins ON ins.id = n.id;

  IF array_position(p_txid, NULL) IS NOT NULL THEN
    SELECT u.pi, u.key, t.id INTO v_conflict
      FROM unnest(p_pi, p_txid, p_key, p_hash) AS u(pi, txid, key, hash)
      JOIN ledger_transactions t ON t.idempotency_key = u.key
      WHERE u.txid IS NULL AND t.request_hash IS DISTINCT FROM u.hash
      ORDER BY u.pi LIMIT 1;
    IF FOUND THEN
      v_conflict_pi := v_conflict.pi;
    END IF;
    SELECT array_agg(CASE WHEN u.txid IS NULL THEN (SELECT t.id FROM ledger_transactions t WHERE t.idempotency_key = u.key) END ORDER BY u.pi)
      INTO p_existing FROM unnest(p_pi, p_txid, p_key) AS u(pi, txid, key);
  END IF;

  -- 4. The new postings' entries applied to the locked balances, in (posting, entry) order.
  SELECT array_agg(z.id ORDER BY z.ord), array_agg(z.pi ORDER BY z.ord), array_agg(z.ei ORDER BY z.ord),
         array_agg(z.row_id ORDER BY z.ord), array_agg(z.prim ORDER BY z.ord), array_agg(z.amount ORDER BY z.ord),
         array_agg(z.cur ORDER BY z.ord), array_agg(z.named ORDER BY z.ord), array_agg(z.after ORDER BY z.ord),
         array_agg(z.ver ORDER BY z.ord), array_agg(z.neg ORDER BY z.ord), array_agg(z.lim ORDER BY z.ord)
    INTO x_id, x_pi, x_ei, x_row, x_prim, x_amount, x_cur, x_named, x_after, x_ver, x_neg, x_lim
    FROM (
      SELECT nextval('ledger_entries_id_seq'::regclass) AS id, s.*
      FROM (
        SELECT u.ord, u.pi, u.ei, u.row_id, l.prim, u.amount, l.cur, u.named, l.neg, l.lim,
               (l.bal + sum(u.amount) OVER w)::bigint AS after, (l.ver + row_number() OVER w)::bigint AS ver
        FROM unnest(e_pi, e_ei, e_row, e_amount, e_currency) WITH ORDINALITY AS u(pi, ei, row_id, amount, named, ord)
        JOIN unnest(v_ids, v_primary, v_bal, v_ver, v_cur, v_neg, v_limit) AS l(id, prim, bal, ver, cur, neg, lim) ON l.id = u.row_id
        WHERE p_txid[u.pi::int] IS NOT NULL
        WINDOW w AS (PARTITION BY u.row_id ORDER BY u.ord ROWS UNBOUNDED PRECEDING)
        ORDER BY u.ord
      ) s
    ) z;

  IF x_id IS NOT NULL THEN
    -- 5. The first error in posting order, as the per-posting loop met them: a taken key (LE002, before the
    -- posting's entries), then at each entry a currency mismatch (LE004) or an overdraft (LE001), then the
    -- posting's per-currency sums (LE003).
    SELECT u.* INTO v_bad
      FROM unnest(x_pi, x_ei, x_prim, x_amount, x_cur, x_named, x_after, x_neg, x_lim) WITH ORDINALITY
           AS u(pi, ei, prim, amount, cur, named, after, neg, lim, ord)
      WHERE u.named IS DISTINCT FROM u.cur AND u.named IS NOT NULL
         OR u.amount < 0 AND NOT u.neg AND u.after < -u.lim
      ORDER BY u.ord LIMIT 1;
    IF FOUND THEN
      v_entry_pi := v_bad.pi;
    END IF;
    SELECT u.pi, u.cur AS c, sum(u.amount) AS total INTO v_unbalanced
      FROM unnest(x_pi, x_cur, x_amount) AS u(pi, cur, amount)
      GROUP BY u.pi, u.cur HAVING sum(u.amount) <> 0 ORDER BY u.pi LIMIT 1;
    IF FOUND THEN
      v_unbalanced_pi := v_unbalanced.pi;
    END IF;
  END IF;

  IF v_conflict_pi IS NOT NULL AND v_conflict_pi <= coalesce(least(v_entry_pi, v_unbalanced_pi), v_conflict_pi) THEN
    RAISE EXCEPTION USING ERRCODE = 'LE002',
      MESSAGE = format('idempotency key %L was already used for a different posting (transaction %s); use a new key for a new posting', v_conflict.key, v_conflict.id),
      DETAIL = jsonb_build_object('idempotencyKey', v_conflict.key, 'transactionId', v_conflict.id, 'postingIndex', v_conflict.pi - 1)::text;
  END IF;
  IF v_entry_pi IS NOT NULL AND v_entry_pi <= coalesce(v_unbalanced_pi, v_entry_pi) THEN
    IF v_bad.named IS DISTINCT FROM v_bad.cur AND v_bad.named IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'LE004',
        MESSAGE = format('entry %s names %s but ledger account %s holds %s', v_bad.ei, upper(v_bad.named), v_bad.prim, upper(v_bad.cur)),
        DETAIL = jsonb_build_object('accountId', v_bad.prim, 'accountCurrency', v_bad.cur, 'entryCurrency', v_bad.named, 'postingIndex', v_bad.pi - 1)::text;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'LE001',
      MESSAGE = format('insufficient funds in ledger account %s: %s %s is needed but only %s is available',
                       v_bad.prim, -v_bad.amount, upper(v_bad.cur), v_bad.after - v_bad.amount + v_bad.lim),
      DETAIL = jsonb_build_object('accountId', v_bad.prim, 'currency', v_bad.cur, 'balance', v_bad.after - v_bad.amount,
                                  'overdraftLimit', v_bad.lim, 'amount', -v_bad.amount,
                                  'shortfall', -(v_bad.after + v_bad.lim), 'postingIndex', v_bad.pi - 1)::text;
  END IF;
  IF v_unbalanced_pi IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'LE003',
      MESSAGE = format('posting %s is unbalanced: its %s entries sum to %s instead of 0', v_unbalanced.pi, upper(v_unbalanced.c), v_unbalanced.total),
      DETAIL = jsonb_build_object('currency', v_unbalanced.c, 'sum', v_unbalanced.total, 'postingIndex', v_unbalanced.pi - 1)::text;
  END IF;

  IF x_id IS NOT NULL THEN
    -- 6. Every entry in one statement, then each touched row's last balance and version.
    INSERT INTO ledger_entries (id, transaction_id, account_id, amount, currency, balance_after, account_version)
      SELECT u.id, p_txid[u.pi::int], u.row_id, u.amount, u.cur, u.after, u.ver
      FROM unnest(x_id, x_pi, x_row, x_amount, x_cur, x_after, x_ver) AS u(id, pi, row_id, amount, cur, after, ver)
      ORDER BY u.id;
    UPDATE ledger_accounts a SET balance = f.after, version = f.ver
      FROM (SELECT DISTINCT ON (u.row_id) u.row_id, u.after, u.ver
            FROM unnest(x_row, x_after, x_ver) AS u(row_id, after, ver) ORDER BY u.row_id, u.ver DESC) f
      WHERE a.id = f.row_id;
  END IF;

  -- 7. Results in posting order: new postings from the values just written, replays as first posted.
  SELECT jsonb_agg(r.j ORDER BY r.pi) INTO v_result
    FROM (
      SELECT p.pi, CASE WHEN p.txid IS NOT NULL THEN
               jsonb_build_object('id', p.txid, 'reference', p.ref, 'type', p.type, 'createdAt', p.created, 'replayed', false,
                                  'entries', coalesce(en.entries, '[]'::jsonb))
             ELSE ledger_transaction_json(p.existing, true) END AS j
      FROM unnest(p_pi, p_txid, p_ref, p_type, p_created, coalesce(p_existing, array_fill(NULL::bigint, ARRAY[cardinality(p_pi)])))
           AS p(pi, txid, ref, type, created, existing)
      LEFT JOIN (
        SELECT u.pi, jsonb_agg(jsonb_build_object('id', u.id, 'accountId', u.prim, 'rowAccountId', u.row_id, 'amount', u.amount,
                                                  'currency', u.cur, 'balanceAfter', u.after, 'accountVersion', u.ver) ORDER BY u.id) AS entries
        FROM unnest(x_pi, x_id, x_prim, x_row, x_amount, x_cur, x_after, x_ver) AS u(pi, id, prim, row_id, amount, cur, after, ver)
        GROUP BY u.pi) en ON en.pi = p.pi
    ) r;
  RETURN v_result;
END $$;
--> statement-breakpoint

-- ledger_post for a caller that is inside a transaction: the same call in a PL/pgSQL exception block (a
-- subtransaction on the server), so that a failure undoes only the posting and the caller's transaction goes
-- on, as the client-side SAVEPOINT / RELEASE around ledger_post did, without those two round trips. The error
-- comes back as data ({"error": {code, message, detail, constraint}}), the result as {"result": ...}.
CREATE OR REPLACE FUNCTION ledger_post_guarded(p_postings jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_state text;
  v_message text;
  v_detail text;
  v_constraint text;
BEGIN
  RETURN jsonb_build_object('result', ledger_post(p_postings));
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL, v_constraint = CONSTRAINT_NAME;
  RETURN jsonb_build_object('error', jsonb_build_object('code', v_state, 'message', v_message, 'detail', nullif(v_detail, ''),
                                                        'constraint', nullif(v_constraint, '')));
END $$;
