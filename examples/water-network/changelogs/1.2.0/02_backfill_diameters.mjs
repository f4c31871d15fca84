// A code changelog: it runs inside the upgrade's transaction, on pum's connection. Pipes
// recorded before 1.1.0 have no diameter; give them the usual one of their material.
const USUAL_DIAMETER_MM = { PE: 110, DI: 150, ST: 200, PVC: 125 };

export default async function backfillDiameters({ client, log }) {
  let filled = 0;
  for (const [material, diameter] of Object.entries(USUAL_DIAMETER_MM)) {
    const { rowCount } = await client.query(
      'UPDATE wn_od.pipe SET diameter_mm = $1 WHERE diameter_mm IS NULL AND material = $2',
      [diameter, material],
    );
    filled += rowCount ?? 0;
  }
  log.info(`gave ${filled} pipe(s) the usual diameter of their material`);
}
