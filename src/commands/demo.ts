export async function runDemo(_args: string[], _print: (text: string) => void): Promise<number> {
  return 1;
}
