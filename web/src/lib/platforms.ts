const PLATFORM_NAMES: Record<string, string> = { x: 'X', linkedin: 'LinkedIn', facebook: 'Facebook', instagram: 'Instagram', tiktok: 'TikTok', youtube: 'YouTube' };

/** A platform as its users spell it: "linkedin" reads "LinkedIn". */
export const platformName = (platform: string) => PLATFORM_NAMES[platform] ?? platform;

const AUDIENCE_WORDS: Record<string, string> = {
  PUBLIC_TO_EVERYONE: 'Everyone',
  MUTUAL_FOLLOW_FRIENDS: 'Friends who follow each other',
  FOLLOWER_OF_CREATOR: 'Followers',
  SELF_ONLY: 'Only me',
  public: 'Public',
  unlisted: 'Unlisted',
  private: 'Private',
};

/** A privacy level (TikTok's, YouTube's) in words: "FOLLOWER_OF_CREATOR" reads "Followers". */
export const audienceWords = (level: string) => AUDIENCE_WORDS[level] ?? level;
