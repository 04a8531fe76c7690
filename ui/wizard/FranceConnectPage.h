#pragma once

#include "FranceConnectView.h"

#include <QPointer>
#include <QWizardPage>

class MandatWizard;
class QLabel;
class QPushButton;
class QVBoxLayout;

/// Step 3: the usager identifies on FranceConnect in an embedded browser created for them only.
class FranceConnectPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FranceConnectPage)

public:
    explicit FranceConnectPage(MandatWizard *wizard);
    ~FranceConnectPage() override;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

    /// The journey's browser while one runs (nullptr otherwise).
    FranceConnectView *view() const { return m_view; }
    /// Ends the journey at once: the browser, its page and its profile are destroyed.
    void stopJourney();

private:
    enum class State { Idle, Preparing, Browsing, Checking, Identified, Failed, Cancelled };

    void startJourney();
    void onJourneyFinished(const QString &draftId);
    void checkDraft();
    void retry();
    void cancelJourney();
    void setState(State state, const QString &status = QString(), const QString &error = QString());

    MandatWizard *m_wizard = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QPushButton *m_retryButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QWidget *m_viewContainer = nullptr;
    QVBoxLayout *m_viewLayout = nullptr;
    QPointer<FranceConnectView> m_view;
    State m_state = State::Idle;
    /// The last failure was reading the draft's state (retry that) rather than the journey.
    bool m_checkFailed = false;
};
