/** The application shell. Screens for each role arrive with their issues. */
export function App() {
  return (
    <main className="shell">
      <h1>Rollcall</h1>
      <p>Attendance registers for schools in England.</p>
    </main>
  );
}
