import { BaseSchema } from '@adonisjs/lucid/schema'
import { publiclyVisibleSql } from '#models/story'

/**
 * Story search at a million stories: rare words no longer cost a walk
 * through the newest 10,000 stories (or listings) of their filter.
 *
 * carevoice_search_stories (first made by 1700000000700) checks the newest
 * 2,000 stories (or listings) of the filter first: common words fill a
 * page there. When it found less than a quarter of a page, it asks the
 * GIN index for up to 1,000 matches of the words; fewer than that are all
 * their matches, and the filters are
 * checked on those ids alone (the listing's primary key for a service,
 * area or tag), newest kept. Only words of middling frequency go on to the
 * newest 10,000, and then to every match, as before. Figures in the commit
 * and `benchmark:stories --tenant large`.
 *
 * The function stays SECURITY DEFINER with the tenant and "publicly
 * visible" rules built in (full-text `@@` is not leakproof, so under
 * row-level security the app role could not use the index).
 */
export default class extends BaseSchema {
  async up() {
    /* Inside a string literal of the function body. */
    const visible = publiclyVisibleSql('s').replaceAll("'", "''")
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
          first_window constant integer := 2000;
          probe_limit constant integer := 1000;
          w integer;
          scanned bigint;
          found_first integer := 0;
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
            foreach w in array array[first_window, search_window] loop
              /* A quarter of a page in the first window: common enough, no need to ask the index. */
              if w = search_window and found_first < p_limit / 4 then
                /*
                 * Not common enough to fill a page from the newest
                 * first_window: ask the GIN index for up to probe_limit
                 * matches. Fewer than that are all the matches, and the
                 * filters are checked on them alone (by id, on the
                 * listing's primary key) without walking any time range.
                 */
                execute 'select array_agg(p.id) from (select s.id from stories s where s.tenant_id = $1 and ${visible}'
                     || ' and s.search_vector @@ ' || q || ' limit ' || probe_limit || ') p'
                  into ids using tenant;
                if coalesce(cardinality(ids), 0) < probe_limit then
                  if coalesce(cardinality(ids), 0) = 0 then return; end if;
                  sql := picked || ' from '
                      || case when driver is null then 'stories s'
                              else 'story_listings l join stories s on s.tenant_id = l.tenant_id and s.id = l.story_id' end
                      || ' where ' || keys || rest
                      || case when driver is null then ' and s.id = any($11)' else ' and l.story_id = any($11) and s.id = any($11)' end
                      || ' order by ' || at_col || ' + interval ''0 seconds'' desc, ' || id_col || ' + 0 desc limit $2';
                  return query execute sql
                    using tenant, p_limit, p_area, p_tag, p_progress, p_role, p_after_at, p_after_id, driver_id, w, ids;
                  return;
                end if;
              end if;
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
                using tenant, p_limit, p_area, p_tag, p_progress, p_role, p_after_at, p_after_id, driver_id, w;
              if coalesce(cardinality(ids), 0) < p_limit then
                /* A filter with fewer stories than the window (a ward): the window was all of it. */
                execute 'select count(*) from (select 1 from '
                     || case when driver is null then 'stories s' else 'story_listings l' end
                     || ' where ' || keys || ' limit $10) c'
                  into scanned
                  using tenant, p_limit, p_area, p_tag, p_progress, p_role, p_after_at, p_after_id, driver_id, w;
              end if;
              if w = first_window then found_first := coalesce(cardinality(ids), 0); end if;
              if coalesce(cardinality(ids), 0) >= p_limit or scanned < w then
                return query select u.id, u.at, u.rank from unnest(ids, ats, ranks) u(id, at, rank)
                  order by u.at desc, u.id desc;
                return;
              end if;
            end loop;
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
  }

  async down() {
    /* 1700000000700's definition, as it was. */
    const visible = publiclyVisibleSql('s').replaceAll("'", "''")
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
  }
}
