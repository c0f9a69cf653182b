import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `take_api_rate(bucket, cells, interval, tolerance)`: the rate limit's
 * rule (GCRA, #services/api/rate_limits) for several requests of one
 * bucket at once. With the bucket's row locked, it takes as many of the
 * `cells` requests as fit within `tolerance` seconds ahead of now, each
 * moving the bucket on by `interval` seconds, and says how many it took
 * and how far ahead the bucket was before and after. One statement
 * answers every request a process holds for that bucket, however many
 * instances count against it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create function take_api_rate(
        p_bucket text, p_cells int, p_interval float8, p_tolerance float8,
        out taken int, out ahead_before float8, out ahead_after float8)
      language plpgsql as $$
      declare
        now_at timestamptz := clock_timestamp();
        arrival timestamptz;
      begin
        select arrival_at into arrival from api_rate_limits where bucket = p_bucket for update;
        if not found then
          insert into api_rate_limits (bucket, arrival_at) values (p_bucket, now_at)
            on conflict (bucket) do nothing;
          select arrival_at into arrival from api_rate_limits where bucket = p_bucket for update;
        end if;
        ahead_before := greatest(0, extract(epoch from arrival - now_at));
        /* A request fits when the bucket stays within the tolerance after it. */
        taken := least(p_cells, greatest(0, floor((p_tolerance - ahead_before) / p_interval + 1e-9)))::int;
        ahead_after := ahead_before + taken * p_interval;
        if taken > 0 then
          update api_rate_limits set arrival_at = now_at + make_interval(secs => ahead_after)
            where bucket = p_bucket;
        end if;
      end $$`)
  }

  async down() {
    this.schema.raw('drop function if exists take_api_rate(text, int, float8, float8)')
  }
}
