import { BaseSchema } from '@adonisjs/lucid/schema'
import { isolateTenantTable } from '#database/row_security'
import { publiclyVisibleSql } from '#models/story'

/**
 * Story search and "I've experienced this too".
 *
 * - `stories.search_vector`: the moderated public title (weight A) and text
 *   (weight B), never the original, in the text-search configuration of the
 *   story's language (English stemming for English; `simple` for Welsh and
 *   Gaelic, which PostgreSQL cannot stem). A trigger keeps it, so copying
 *   rows between deployments needs no special care.
 * - a GIN index on (tenant_id, search_vector) of publicly visible stories.
 * - `carevoice_search_stories(…)`: under row-level security PostgreSQL uses
 *   an index only for leakproof operators, and `@@` is not one, so the app
 *   role would scan every story of its tenant. This function runs as its
 *   owner (a superuser or BYPASSRLS role), applies the tenant rule and the
 *   "publicly visible" rule itself, and returns only story ids, publication
 *   times and ranks; the app then loads the cards as usual, under RLS.
 *   `publiclyVisibleSql` is baked in here: if that rule changes, a new
 *   migration must recreate this function and the partial index.
 * - `story_experiences`: one row per reader (a keyed hash, see
 *   #services/reading/experiences) per story, and the count on the story.
 */
export default class extends BaseSchema {
  async up() {
    /* Inside a string literal of the function body. */
    const visible = publiclyVisibleSql('s').replaceAll("'", "''")
    this.schema.raw(`
      create or replace function carevoice_search_config(locale text) returns regconfig
        language sql immutable parallel safe as $$
          select case when lower(split_part(coalesce(locale, ''), '-', 1)) = 'en'
                      then 'pg_catalog.english'::regconfig
                      else 'pg_catalog.simple'::regconfig end
        $$;

      create or replace function carevoice_story_search_vector() returns trigger
        language plpgsql set search_path = public, pg_temp as $$
        begin
          new.search_vector :=
            setweight(to_tsvector(carevoice_search_config(new.locale), coalesce(new.public_title, '')), 'A') ||
            setweight(to_tsvector(carevoice_search_config(new.locale), coalesce(new.public_body, '')), 'B');
          return new;
        end
      $$;
    `)
    this.schema.alterTable('stories', (table) => {
      table.specificType('search_vector', 'tsvector').nullable()
      table.integer('experienced_count').notNullable().defaultTo(0)
    })
    this.schema.raw(`
      create trigger stories_search_vector
        before insert or update of public_title, public_body, locale on stories
        for each row execute function carevoice_story_search_vector();
      update stories set public_title = public_title where public_title is not null;
      create index stories_search on stories using gin (tenant_id, search_vector)
        where ${publiclyVisibleSql('stories')};
    `)

    /*
     * Filters: p_service, p_area, p_tag each name a listing (the service or
     * area with everything below it, or the tag); the first given drives the
     * query along its story_listings range. Newest first, cursor
     * (published_at, id), at most p_limit rows with their rank.
     *
     * With words, two steps that do not depend on the planner guessing how
     * common the words are (its guesses for rare words can be far too high,
     * and then it walks a million stories for a hundred matches):
     * 1. the newest SEARCH_WINDOW stories (of the driving listing) are
     *    checked; if p_limit of them match, those are the newest matches;
     * 2. otherwise the words are rare, and all matches are fetched through
     *    the GIN index and sorted (the order is written so that no index on
     *    publication time can serve it).
     * The query and dates are written in as quoted literals; the rest are
     * parameters. Built as dynamic SQL so each call is planned for its filters.
     */
    this.schema.raw(`
      create or replace function carevoice_search_stories(
        p_query text, p_service bigint, p_area bigint, p_tag bigint,
        p_progress text[], p_role text, p_from timestamptz, p_to timestamptz,
        p_after_at timestamptz, p_after_id bigint, p_limit integer
      ) returns table (story_id bigint, published_at timestamptz, rank real)
        language plpgsql stable security definer set search_path = public, pg_temp as $fn$
        declare
          tenant bigint := carevoice_current_tenant();
          search_window constant integer := 10000;
          tsq tsquery;
          q text;
          driver text := null;
          driver_id bigint;
          at_col text := 's.published_at';
          id_col text := 's.id';
          keys text;
          rest text := '';
          picked text;
          sql text;
          ids bigint[];
          ats timestamptz[];
          ranks real[];
        begin
          if tenant is null then return; end if;
          if p_query is not null and p_query <> '' then
            tsq := to_tsquery('pg_catalog.english', p_query) || to_tsquery('pg_catalog.simple', p_query);
            q := quote_literal(tsq::text) || '::tsquery';
          end if;
          if p_service is not null then driver := 'service'; driver_id := p_service;
          elsif p_area is not null then driver := 'area'; driver_id := p_area;
          elsif p_tag is not null then driver := 'tag'; driver_id := p_tag;
          end if;

          /* keys: conditions on the driving table's (tenant, time, id) index; rest: the others. */
          if driver is null then
            keys := 's.tenant_id = $1 and ${visible} and s.published_at is not null';
          else
            at_col := 'l.published_at';
            id_col := 'l.story_id';
            keys := 'l.tenant_id = $1 and l.kind = ' || quote_literal(driver) || ' and l.target_id = $9';
            rest := ' and s.tenant_id = $1 and ${visible}';
          end if;
          if p_after_id is not null then
            keys := keys || ' and (' || at_col || ', ' || id_col || ') < ($7, $8)';
          end if;
          if p_from is not null then keys := keys || ' and ' || at_col || ' >= ' || quote_literal(p_from) || '::timestamptz'; end if;
          if p_to is not null then keys := keys || ' and ' || at_col || ' < ' || quote_literal(p_to) || '::timestamptz'; end if;
          if tsq is not null then rest := rest || ' and s.search_vector @@ ' || q; end if;
          if p_area is not null and driver <> 'area' then
            rest := rest || ' and exists (select 1 from story_listings a where a.tenant_id = $1'
                         || ' and a.kind = ''area'' and a.target_id = $3 and a.story_id = s.id)';
          end if;
          if p_tag is not null and driver <> 'tag' then
            rest := rest || ' and exists (select 1 from story_listings g where g.tenant_id = $1'
                         || ' and g.kind = ''tag'' and g.target_id = $4 and g.story_id = s.id)';
          end if;
          if p_progress is not null then rest := rest || ' and s.progress = any($5)'; end if;
          if p_role is not null then rest := rest || ' and s.author_role = $6'; end if;

          picked := 'select s.id, ' || at_col || ', '
              || case when tsq is null then '0::real' else 'ts_rank_cd(s.search_vector, ' || q || ')' end;

          if tsq is not null then
            if driver is null then
              sql := picked || ' from (select * from stories s where ' || keys
                  || ' order by s.published_at desc, s.id desc limit $10) s where true' || rest
                  || ' order by s.published_at desc, s.id desc limit $2';
            else
              sql := picked || ' from (select * from story_listings l where ' || keys
                  || ' order by l.published_at desc, l.story_id desc limit $10) l'
                  || ' join stories s on s.tenant_id = l.tenant_id and s.id = l.story_id where true' || rest
                  || ' order by l.published_at desc, l.story_id desc limit $2';
            end if;
            execute 'select array_agg(x.id), array_agg(x.at), array_agg(x.rank) from (' || sql || ') x(id, at, rank)'
              into ids, ats, ranks
              using tenant, p_limit, p_area, p_tag, p_progress, p_role, p_after_at, p_after_id, driver_id, search_window;
            if coalesce(cardinality(ids), 0) >= p_limit then
              return query select u.id, u.at, u.rank from unnest(ids, ats, ranks) u(id, at, rank)
                order by u.at desc, u.id desc;
              return;
            end if;
          end if;

          sql := picked || ' from '
              || case when driver is null then 'stories s'
                      else 'story_listings l join stories s on s.tenant_id = l.tenant_id and s.id = l.story_id' end
              || ' where ' || keys || rest || ' order by '
              || case when tsq is null then at_col || ' desc, ' || id_col || ' desc'
                      else at_col || ' + interval ''0 seconds'' desc, ' || id_col || ' + 0 desc' end
              || ' limit $2';
          return query execute sql
            using tenant, p_limit, p_area, p_tag, p_progress, p_role, p_after_at, p_after_id, driver_id, search_window;
        end
      $fn$;
    `)

    this.schema.createTable('story_experiences', (table) => {
      table
        .bigInteger('tenant_id')
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.bigInteger('story_id').notNullable()
      table.string('reader_key', 64).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.primary(['tenant_id', 'story_id', 'reader_key'])
      table
        .foreign(['tenant_id', 'story_id'])
        .references(['tenant_id', 'id'])
        .inTable('stories')
        .onDelete('CASCADE')
    })
    this.schema.raw(isolateTenantTable('story_experiences'))
  }

  async down() {
    this.schema.dropTable('story_experiences')
    this.schema.raw(`
      drop function if exists carevoice_search_stories(text, bigint, bigint, bigint, text[], text,
        timestamptz, timestamptz, timestamptz, bigint, integer);
      drop index if exists stories_search;
      drop trigger if exists stories_search_vector on stories;
      drop function if exists carevoice_story_search_vector();
    `)
    this.schema.alterTable('stories', (table) => {
      table.dropColumn('search_vector')
      table.dropColumn('experienced_count')
    })
    this.schema.raw('drop function if exists carevoice_search_config(text)')
  }
}
