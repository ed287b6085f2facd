export async function runServe(_args: string[]): Promise<number> {
  return 1;
}
