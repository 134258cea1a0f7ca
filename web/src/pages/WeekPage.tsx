/**
 * A rep's week (D5). For the rep, "My week": post updates before anyone asks, answer open
 * requests, keep promises, act on deals going quiet. For their manager: the same week read
 * only, with "request info" on each open deal and on the week.
 */
import { useCallback, useState } from "react";
import { activityApi } from "../api/activityEndpoints.js";
import type { Week } from "../api/cadenceTypes.js";
import { OneOnOneList } from "../components/cadence/OneOnOneList.js";
import { OpenDeals } from "../components/cadence/OpenDeals.js";
import { PromiseList } from "../components/cadence/PromiseList.js";
import { RequestInfoButton } from "../components/cadence/RequestInfoButton.js";
import { RequestList } from "../components/cadence/RequestList.js";
import { StaleNudges } from "../components/cadence/StaleNudges.js";
import { UpdateForm, type SubjectRequest } from "../components/cadence/UpdateForm.js";
import { UpdateList } from "../components/cadence/UpdateList.js";
import { Stat } from "../components/Stat.js";
import { ErrorPanel, Loading } from "../components/States.js";
import { useResource } from "../hooks/useResource.js";
import { useMe } from "../hooks/useAuth.js";
import { useRepOneOnOnes, useSchedule, useWeek } from "../hooks/useCadenceData.js";
import { Link } from "../router.js";
import { ratioDetail } from "../utils/cadence.js";
import { formatCount, formatShare, shareOf } from "../utils/format.js";
import { formatDay } from "../utils/periods.js";

export function WeekPage({ repId }: { repId: number }) {
  const me = useMe();
  const week = useWeek(repId);
  const [prefill, setPrefill] = useState<SubjectRequest | null>(null);
  const writeAbout = useCallback((subject: string) => setPrefill({ subject, nonce: Date.now() }), []);
  // Every change reloads the week and the month's numbers (the server classifies updates).
  const [version, setVersion] = useState(0);
  const { reload: reloadWeek } = week;
  const reload = useCallback(() => {
    reloadWeek();
    setVersion((v) => v + 1);
  }, [reloadWeek]);

  if (week.status === "loading") return <Loading label="Loading the week…" />;
  if (week.status === "error") return <ErrorPanel error={week.error} what="week" onRetry={week.reload} />;

  const data = week.data;
  const self = me.id === repId;
  const now = new Date();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/reps/${repId}`}>{self ? "My page" : data.repName}</Link>
          </p>
          <h1 data-testid="week-title">{self ? "My week" : `${data.repName}: week`}</h1>
          <p className="muted">
            Week of {formatDay(data.weekStart)} · {self ? "tell your manager before they ask" : "updates, requests and promises"}
          </p>
        </div>
        {!self && (
          <div className="head-actions">
            <RequestInfoButton repId={repId} subject="rep" label="Ask about their week" pending={data.openRequests.some((r) => r.subject === "rep")} onSent={reload} />
          </div>
        )}
      </div>
      <StaleNudges nudges={data.staleNudges} self={self} onUpdate={writeAbout} />
      <WeekStats week={data} repId={repId} version={version} />
      {self ? <RepWeek week={data} prefill={prefill} onWrite={writeAbout} reload={reload} now={now} /> : <ManagerWeek week={data} reload={reload} now={now} />}
    </>
  );
}

function WeekStats({ week, repId, version }: { week: Week; repId: number; version: number }) {
  const kpis = useResource(`week-kpis:${repId}:${version}`, (signal) => activityApi.repKpis(repId, undefined, signal));
  const k = kpis.data;
  return (
    <section className="stats stats-four" aria-label="Cadence numbers">
      <Stat testId="week-preemptive" label="Preemptive, this week" value={formatShare(week.preemptive.ratio)} detail={ratioDetail(week.preemptive)} />
      <Stat
        testId="month-preemptive"
        label="Preemptive, this month"
        value={k ? formatShare(k.preemptiveRatio) : "…"}
        detail={k ? `${formatCount(k.updates)} updates · ${formatCount(k.requests)} requests` : "\u00a0"}
      />
      <Stat
        testId="month-promises"
        label="Promises kept, this month"
        value={k ? formatShare(shareOf(k.promisesKept, k.promisesKept + k.promisesBroken)) : "…"}
        detail={k ? `${k.promisesKept} kept · ${k.promisesBroken} broken · ${k.promisesOpen} open` : "\u00a0"}
      />
      <Stat testId="week-open-requests" label="Open requests" value={formatCount(week.openRequests.length)} detail={week.openRequests.length ? "waiting for an update" : "none waiting"} />
    </section>
  );
}

function RepWeek({ week, prefill, onWrite, reload, now }: { week: Week; prefill: SubjectRequest | null; onWrite: (subject: string) => void; reload: () => void; now: Date }) {
  return (
    <>
      <div className="rep-grid">
        <div className="stack">
          {week.openRequests.length > 0 && (
            <section className="panel panel-attention" aria-label="Open requests">
              <h2 className="panel-title">Your manager is waiting on</h2>
              <RequestList requests={week.openRequests} deals={week.openDeals} self onAnswer={onWrite} />
            </section>
          )}
          <section className="panel" aria-label="Post an update">
            <h2 className="panel-title">Post an update</h2>
            <UpdateForm deals={week.openDeals} prefill={prefill} onPosted={reload} />
          </section>
          <section className="panel" aria-label="Updates this week">
            <h2 className="panel-title">This week's updates</h2>
            <UpdateList updates={week.updates} deals={week.openDeals} self now={now} />
          </section>
        </div>
        <div className="stack">
          <section className="panel" aria-label="Promises">
            <h2 className="panel-title">Promises</h2>
            <PromiseList promises={week.promises} deals={week.openDeals} self now={now} onMarked={reload} />
          </section>
          <OneOnOnesPanel repId={week.repId} now={now} title="My 1:1s" />
        </div>
      </div>
      <section className="panel" aria-label="Open deals">
        <h2 className="panel-title">My open deals</h2>
        <OpenDeals deals={week.openDeals} repId={week.repId} self openRequests={week.openRequests} onUpdate={onWrite} onRequested={reload} />
      </section>
    </>
  );
}

function ManagerWeek({ week, reload, now }: { week: Week; reload: () => void; now: Date }) {
  return (
    <div className="rep-grid">
      <div className="stack">
        <section className="panel" aria-label="Open deals">
          <h2 className="panel-title">Open deals</h2>
          <OpenDeals deals={week.openDeals} repId={week.repId} self={false} openRequests={week.openRequests} onUpdate={() => undefined} onRequested={reload} />
        </section>
        <section className="panel" aria-label="Updates this week">
          <h2 className="panel-title">This week's updates</h2>
          <UpdateList updates={week.updates} deals={week.openDeals} self={false} now={now} />
        </section>
      </div>
      <div className="stack">
        <section className="panel" aria-label="Open requests">
          <h2 className="panel-title">Requests waiting for an answer</h2>
          <RequestList requests={week.openRequests} deals={week.openDeals} self={false} />
        </section>
        <section className="panel" aria-label="Promises">
          <h2 className="panel-title">Promises</h2>
          <PromiseList promises={week.promises} deals={week.openDeals} self={false} now={now} onMarked={reload} />
        </section>
        <OneOnOnesPanel repId={week.repId} now={now} title="1:1s" />
      </div>
    </div>
  );
}

function OneOnOnesPanel({ repId, now, title }: { repId: number; now: Date; title: string }) {
  const schedule = useSchedule(repId);
  const list = useRepOneOnOnes(repId);
  return (
    <section className="panel" aria-label="1:1s">
      <h2 className="panel-title">{title}</h2>
      {list.status === "error" ? (
        <ErrorPanel error={list.error} what="1:1s" onRetry={list.reload} />
      ) : list.status === "ready" && schedule.status !== "loading" ? (
        <OneOnOneList schedule={schedule.data ?? null} oneOnOnes={list.data.oneOnOnes} now={now} />
      ) : (
        <Loading />
      )}
    </section>
  );
}
