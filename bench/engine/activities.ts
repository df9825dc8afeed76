/** The engine baseline's only activity: it does nothing but say when it ran. */
export const engineActivities = {
  async noteTime(_input: { payload: string }): Promise<number> {
    return Date.now();
  },
};

export type EngineActivities = typeof engineActivities;
