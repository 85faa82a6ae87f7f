import Link from 'next/link';
import { connection } from 'next/server';
import { requireViewer } from '@/app/_lib/require-viewer';
import { ConnectSourceHelp, EmptyState } from '@/components/empty-state';
import { getDb } from '@/lib/db';
import { formatCount } from '@/lib/format/number';
import { listTeamRecordCounts } from '@/lib/records/team-record-counts';

export default async function HomePage() {
  await connection();
  const { access } = await requireViewer();
  const teams = await listTeamRecordCounts(access, getDb());

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Teams</h1>
        <p className="mt-1 text-sm text-muted">Every team you may see, with the records collected for it (child teams included).</p>
      </div>
      {teams.length === 0 ? (
        <EmptyState title="No teams yet">
          <ConnectSourceHelp />
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-line bg-surface">
          <table className="w-full text-sm">
            <caption className="sr-only">Teams and their record counts</caption>
            <thead className="border-b border-line text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-4 py-3">Team</th>
                <th scope="col" className="px-4 py-3 text-right">Repositories</th>
                <th scope="col" className="px-4 py-3 text-right">Deployments</th>
                <th scope="col" className="px-4 py-3 text-right">Changes</th>
                <th scope="col" className="px-4 py-3 text-right">Incidents</th>
                <th scope="col" className="px-4 py-3 text-right">Findings</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((team) => (
                <tr key={team.id} className="border-b border-line last:border-0">
                  <th scope="row" className="px-4 py-3 text-left font-medium">
                    <Link href={`/teams/${team.slug}`} className="link">{team.name}</Link>
                  </th>
                  <td className="num px-4 py-3 text-right">{formatCount(team.counts.repositories)}</td>
                  <td className="num px-4 py-3 text-right">{formatCount(team.counts.deployments)}</td>
                  <td className="num px-4 py-3 text-right">{formatCount(team.counts.changes)}</td>
                  <td className="num px-4 py-3 text-right">{formatCount(team.counts.incidents)}</td>
                  <td className="num px-4 py-3 text-right">{formatCount(team.counts.findings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
